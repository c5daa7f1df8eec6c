-- Login attempts per key ("client:<address>", "account:<user name>") for the web's login limiter (ADR 0073): kept in
-- the database so a restart of the web does not hand a guesser a fresh allowance. The web prunes it to its longest
-- window and a row cap. Times are ISO-8601 UTC text with microseconds ("…Z"), so text order is time order.

CREATE TABLE web_login_attempts (
    key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    at  TEXT NOT NULL
) STRICT;

CREATE INDEX web_login_attempts_by_key ON web_login_attempts (key, at);
CREATE INDEX web_login_attempts_by_at ON web_login_attempts (at);
