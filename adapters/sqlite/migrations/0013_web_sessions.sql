-- Web login sessions (ADR 0083): one row per login. Only the SHA-256 of the current refresh token is kept, and the one
-- it replaced (a rotated token presented again ends the session). Access tokens name their session, which the web
-- reads at every request: ending a row ends the session at once. No foreign key to web_users: a session made before
-- its user (re)appeared is refused by its created_at, and the web prunes rows past their idle time or lifetime.
-- Times are ISO-8601 UTC text with microseconds ("…Z"), so text order is time order.

CREATE TABLE web_sessions (
    session_id    TEXT NOT NULL PRIMARY KEY,
    user_name     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    client        TEXT NOT NULL CHECK (length(client) <= 100),
    agent         TEXT NOT NULL CHECK (length(agent) <= 200),
    refresh_hash  TEXT NOT NULL CHECK (length(refresh_hash) = 64),
    previous_hash TEXT CHECK (previous_hash IS NULL OR length(previous_hash) = 64),
    rotated_at    TEXT,
    ended_at      TEXT,
    ended_why     TEXT CHECK ((ended_at IS NULL) = (ended_why IS NULL))
) STRICT;

CREATE INDEX web_sessions_by_user ON web_sessions (user_name, created_at);
CREATE INDEX web_sessions_by_seen ON web_sessions (last_seen_at);
CREATE INDEX web_sessions_by_created ON web_sessions (created_at);

-- Logging out ends a session row now; the revoked-token ids of ADR 0026 have no reader left
DROP TABLE web_revoked_tokens;
