-- Web authentication: dashboard users (scrypt hashes), automation API keys (SHA-256 only), revoked session tokens.
-- Times are ISO-8601 UTC text with microseconds ("…Z"), so text order is time order.

CREATE TABLE web_users (
    name          TEXT NOT NULL PRIMARY KEY,
    password_hash TEXT NOT NULL CHECK (password_hash <> ''),
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE web_api_keys (
    key_id     TEXT NOT NULL PRIMARY KEY,
    key_hash   TEXT NOT NULL UNIQUE,
    user_name  TEXT NOT NULL REFERENCES web_users (name) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- A logged-out token's id stays here until the token would have expired anyway
CREATE TABLE web_revoked_tokens (
    jti   TEXT NOT NULL PRIMARY KEY,
    until TEXT NOT NULL
) STRICT;

CREATE INDEX web_revoked_tokens_by_until ON web_revoked_tokens (until);
