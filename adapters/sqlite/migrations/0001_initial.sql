-- The log, the command queue with its order intents, runtime config and checkpoints (TRD §4 table names).
-- Times are ISO-8601 UTC text with microseconds ("…Z"): fixed width, so text order is time order.
-- JSON columns hold canonical JSON (sorted keys, no spaces); money inside it is decimal text, never REAL.

CREATE TABLE event_store (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id         TEXT    NOT NULL UNIQUE,
    event_type       TEXT    NOT NULL,
    ts               TEXT    NOT NULL,
    correlation_id   TEXT    NOT NULL,
    causation_id     TEXT,
    scope_exchange   TEXT    NOT NULL,
    scope_venue      TEXT    NOT NULL,
    scope_account_id TEXT    NOT NULL,
    scope_symbol     TEXT    NOT NULL,
    scope_mode       TEXT    NOT NULL,
    source           TEXT    NOT NULL,
    dedup_key        TEXT    NOT NULL UNIQUE,
    payload_json     TEXT    NOT NULL
) STRICT;

CREATE INDEX event_store_by_type ON event_store (event_type, seq);
CREATE INDEX event_store_by_ts ON event_store (ts);

CREATE TRIGGER event_store_no_update BEFORE UPDATE ON event_store
BEGIN
    SELECT RAISE(ABORT, 'event_store is append-only');
END;

CREATE TRIGGER event_store_no_delete BEFORE DELETE ON event_store
BEGIN
    SELECT RAISE(ABORT, 'event_store is append-only');
END;

-- INSERT OR REPLACE deletes the old row without firing DELETE triggers, so refuse any insert that would overwrite
CREATE TRIGGER event_store_no_replace BEFORE INSERT ON event_store
WHEN EXISTS (
    SELECT 1 FROM event_store
    WHERE event_id = NEW.event_id OR dedup_key = NEW.dedup_key OR (NEW.seq IS NOT NULL AND seq = NEW.seq)
)
BEGIN
    SELECT RAISE(ABORT, 'event_store is append-only');
END;

CREATE TABLE command_store (
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
    status           TEXT    NOT NULL CHECK (status IN ('NEW', 'SENT', 'ACK', 'FAILED')),
    result_json      TEXT,
    last_error       TEXT,
    updated_at       TEXT    NOT NULL
) STRICT;

-- The claim order: lowest priority value, then oldest, then first inserted
CREATE INDEX command_store_queue ON command_store (status, priority, created_at, insertion_seq);
CREATE INDEX command_store_by_age ON command_store (created_at, insertion_seq);

CREATE TABLE command_to_exchange (
    client_order_id   TEXT    NOT NULL PRIMARY KEY,
    command_id        TEXT    NOT NULL REFERENCES command_store (command_id),
    leg               TEXT    NOT NULL,
    conditional       INTEGER NOT NULL CHECK (conditional IN (0, 1)),
    exchange_order_id INTEGER,
    created_at        TEXT    NOT NULL,
    link_seq          INTEGER NOT NULL UNIQUE,
    UNIQUE (command_id, leg)
) STRICT;

CREATE TABLE config_store (
    key        TEXT    NOT NULL PRIMARY KEY,
    value_json TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT    NOT NULL,
    updated_by TEXT    NOT NULL
) STRICT;

CREATE TABLE checkpoint_store (
    name       TEXT    NOT NULL PRIMARY KEY,
    seq        INTEGER NOT NULL CHECK (seq >= 0),
    updated_at TEXT    NOT NULL
) STRICT;
