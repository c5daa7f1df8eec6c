-- Read models: one table per domain.projections.rows.ROW_TYPES entry, one column per row field.
-- row_key is the row's `key` (what RowChange names); Decimal, datetime, date and enum fields are TEXT, int and bool INTEGER.
-- tests/integration/sqlite/test_schema.py fails if a table and its row dataclass drift apart.

CREATE TABLE projection_position (
    row_key      TEXT    NOT NULL PRIMARY KEY,
    symbol       TEXT    NOT NULL,
    quantity     TEXT    NOT NULL,
    entry_price  TEXT    NOT NULL,
    realized_pnl TEXT    NOT NULL,
    leverage     INTEGER,
    updated_at   TEXT,
    snapshot_at  TEXT
) STRICT;

CREATE TABLE projection_balance (
    row_key              TEXT NOT NULL PRIMARY KEY,
    asset                TEXT NOT NULL,
    wallet_balance       TEXT NOT NULL,
    cross_wallet_balance TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;

CREATE TABLE projection_order_open (
    row_key         TEXT    NOT NULL PRIMARY KEY,
    order_key       TEXT    NOT NULL,
    client_order_id TEXT    NOT NULL,
    order_id        INTEGER NOT NULL,
    conditional     INTEGER NOT NULL,
    side            TEXT    NOT NULL,
    order_type      TEXT    NOT NULL,
    quantity        TEXT    NOT NULL,
    price           TEXT,
    trigger_price   TEXT,
    reduce_only     INTEGER NOT NULL,
    close_position  INTEGER NOT NULL,
    time_in_force   TEXT,
    status          TEXT    NOT NULL,
    filled_qty      TEXT    NOT NULL,
    avg_price       TEXT    NOT NULL,
    external        INTEGER NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;

CREATE TABLE projection_order_closed (
    row_key    TEXT NOT NULL PRIMARY KEY,
    order_key  TEXT NOT NULL,
    status     TEXT NOT NULL,
    filled_qty TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE projection_trade (
    row_key         TEXT    NOT NULL PRIMARY KEY,
    trade_id        INTEGER NOT NULL,
    order_id        INTEGER,
    client_order_id TEXT,
    side            TEXT,
    price           TEXT,
    quantity        TEXT,
    realized_pnl    TEXT,
    maker           INTEGER,
    external        INTEGER,
    executed_at     TEXT,
    fee             TEXT,
    fee_asset       TEXT
) STRICT;

CREATE TABLE projection_pnl_day (
    row_key      TEXT NOT NULL PRIMARY KEY,
    day          TEXT NOT NULL,
    realized_pnl TEXT NOT NULL,
    fees         TEXT NOT NULL,
    funding      TEXT NOT NULL
) STRICT;

CREATE TABLE projection_engine (
    row_key    TEXT NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    state      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    changed_at TEXT NOT NULL
) STRICT;
