-- Commands carry an expiry and may end EXPIRED: claimed at or after expires_at, never executed (ADR 0050).
-- SQLite cannot widen a CHECK in place, so command_store is rebuilt; command_to_exchange refers to it, so it is
-- rebuilt too, pointing at the new table, whose rename then carries the reference along (no orphan at any point,
-- so foreign keys stay on). expires_at is NULL for every command stored before: those never expire.

CREATE TABLE command_store_0006 (
    command_id       TEXT    NOT NULL PRIMARY KEY,
    insertion_seq    INTEGER NOT NULL UNIQUE,
    idempotency_key  TEXT    NOT NULL UNIQUE,
    command_type     TEXT    NOT NULL,
    priority         INTEGER NOT NULL,
    actor_kind       TEXT    NOT NULL,
    actor_id         TEXT    NOT NULL,
    scope_exchange   TEXT    NOT NULL,
    scope_venue      TEXT    NOT NULL,
    scope_account_id TEXT    NOT NULL,
    scope_symbol     TEXT    NOT NULL,
    scope_mode       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    correlation_id   TEXT    NOT NULL,
    payload_json     TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('NEW', 'SENT', 'ACK', 'FAILED', 'EXPIRED')),
    result_json      TEXT,
    last_error       TEXT,
    updated_at       TEXT    NOT NULL,
    expires_at       TEXT
) STRICT;

INSERT INTO command_store_0006 (
    command_id, insertion_seq, idempotency_key, command_type, priority, actor_kind, actor_id, scope_exchange,
    scope_venue, scope_account_id, scope_symbol, scope_mode, created_at, correlation_id, payload_json, status,
    result_json, last_error, updated_at, expires_at
)
SELECT
    command_id, insertion_seq, idempotency_key, command_type, priority, actor_kind, actor_id, scope_exchange,
    scope_venue, scope_account_id, scope_symbol, scope_mode, created_at, correlation_id, payload_json, status,
    result_json, last_error, updated_at, NULL
FROM command_store;

CREATE TABLE command_to_exchange_0006 (
    client_order_id   TEXT    NOT NULL PRIMARY KEY,
    command_id        TEXT    NOT NULL REFERENCES command_store_0006 (command_id),
    leg               TEXT    NOT NULL,
    conditional       INTEGER NOT NULL CHECK (conditional IN (0, 1)),
    exchange_order_id INTEGER,
    created_at        TEXT    NOT NULL,
    link_seq          INTEGER NOT NULL UNIQUE,
    UNIQUE (command_id, leg)
) STRICT;

INSERT INTO command_to_exchange_0006 (
    client_order_id, command_id, leg, conditional, exchange_order_id, created_at, link_seq
)
SELECT client_order_id, command_id, leg, conditional, exchange_order_id, created_at, link_seq
FROM command_to_exchange;

DROP TABLE command_to_exchange;
DROP TABLE command_store;
ALTER TABLE command_store_0006 RENAME TO command_store;
ALTER TABLE command_to_exchange_0006 RENAME TO command_to_exchange;

-- The claim order: lowest priority value, then oldest, then first inserted
CREATE INDEX command_store_queue ON command_store (status, priority, created_at, insertion_seq);
CREATE INDEX command_store_by_age ON command_store (created_at, insertion_seq);
