-- The second factor (issue 15, ADR 0085): each user's TOTP secret, sealed by the web with a key derived from
-- web.secret_key; the last accepted time-step (a code works once); the SHA-256 of each unused recovery code; and the
-- sessions confirmed recently (step-up for dangerous actions), keyed by the session token's id.
-- A user's removal takes all of it along. Times are ISO-8601 UTC text with microseconds ("…Z").

CREATE TABLE web_second_factors (
    user_name     TEXT    NOT NULL PRIMARY KEY REFERENCES web_users (name) ON DELETE CASCADE,
    sealed_secret TEXT    NOT NULL CHECK (length(sealed_secret) BETWEEN 1 AND 512),
    enabled       INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    last_step     INTEGER CHECK (last_step >= 0),
    enrolled_at   TEXT    NOT NULL
) STRICT;

CREATE TABLE web_recovery_codes (
    user_name TEXT NOT NULL REFERENCES web_second_factors (user_name) ON DELETE CASCADE,
    code_hash TEXT NOT NULL CHECK (length(code_hash) = 64),
    PRIMARY KEY (user_name, code_hash)
) STRICT;

CREATE TABLE web_step_ups (
    jti       TEXT NOT NULL PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES web_users (name) ON DELETE CASCADE,
    method    TEXT NOT NULL CHECK (method IN ('totp', 'recovery', 'password')),
    until     TEXT NOT NULL
) STRICT;

CREATE INDEX web_step_ups_by_until ON web_step_ups (until);
