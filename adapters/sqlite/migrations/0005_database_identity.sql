-- What the database belongs to (ADR 0046): one row, the mode and a fingerprint of the exchange API key (never the key).
-- account is NULL while only a process without exchange keys (the web) has bound it; the first bot fills it in.

CREATE TABLE database_identity (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    mode    TEXT    NOT NULL CHECK (mode IN ('production', 'testnet', 'sim')),
    account TEXT    CHECK (account IS NULL OR account <> '')
) STRICT;

-- A database written before this migration belongs to the mode of its first event, the one it was started in
INSERT INTO database_identity (id, mode, account)
SELECT 1, scope_mode, NULL FROM event_store ORDER BY seq LIMIT 1;
