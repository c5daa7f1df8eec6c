"""The SQLite schema matches the domain: projection tables mirror their row dataclasses, money is never REAL."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import apsw
import pytest

from adapters.sqlite.projection_store import SqliteProjectionStore, projection_tables
from domain.projections.rows import ROW_TYPES, Balance
from domain.projections.state import RowChange
from tests.contract.samples import at


def table_columns(connection: apsw.Connection, table: str) -> list[tuple[str, str, bool, bool]]:
    """(name, declared type, nullable, primary key) per column, in table order."""
    rows = connection.execute(f"PRAGMA table_info({table})")
    return [(name, kind, not notnull, bool(pk)) for _, name, kind, notnull, _, pk in rows]


def expected_column(field: dataclasses.Field, hint: object) -> tuple[str, str, bool, bool]:
    nullable = isinstance(hint, types.UnionType) and type(None) in typing.get_args(hint)
    if nullable:
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    if hint in (int, bool):
        kind = "INTEGER"
    elif hint in (Decimal, datetime, date, str) or (isinstance(hint, type) and issubclass(hint, Enum)):
        kind = "TEXT"
    else:
        raise AssertionError(f"{field.name}: no column type decided for {hint!r}")
    return field.name, kind, nullable, False


@pytest.mark.parametrize("name", sorted(ROW_TYPES))
def test_each_projection_table_has_the_row_key_and_one_column_per_row_field(
    connection: apsw.Connection,
    name: str,
) -> None:
    row_type = ROW_TYPES[name]
    hints = typing.get_type_hints(row_type)
    expected = [("row_key", "TEXT", False, True)]
    expected += [expected_column(field, hints[field.name]) for field in dataclasses.fields(row_type)]

    assert table_columns(connection, f"projection_{name}") == expected


def test_there_is_a_projection_table_for_every_row_type_and_no_other(connection: apsw.Connection) -> None:
    tables = connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'projection%'")

    assert sorted(name for (name,) in tables) == sorted(f"projection_{name}" for name in ROW_TYPES)
    assert {table.sql_name for table in projection_tables().values()} == {f"projection_{name}" for name in ROW_TYPES}


def test_no_column_anywhere_is_real(connection: apsw.Connection) -> None:
    tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]

    columns = [(table, column, kind) for table in tables for column, kind, _, _ in table_columns(connection, table)]

    real = [(table, column) for table, column, kind in columns if "REAL" in kind.upper()]

    assert real == []


def test_the_event_store_has_the_trd_columns(connection: apsw.Connection) -> None:
    names = [column[0] for column in table_columns(connection, "event_store")]

    assert names == [
        "seq",
        "event_id",
        "event_type",
        "ts",
        "correlation_id",
        "causation_id",
        "scope_exchange",
        "scope_venue",
        "scope_account_id",
        "scope_symbol",
        "scope_mode",
        "source",
        "dedup_key",
        "payload_json",
    ]


def test_the_storage_tables_of_the_trd_exist(connection: apsw.Connection) -> None:
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}

    assert {"event_store", "command_store", "command_to_exchange", "config_store", "checkpoint_store"} <= tables


def test_decimals_are_stored_as_text_with_their_trailing_zeros(connection: apsw.Connection) -> None:
    row = Balance("USDT", Decimal("1000.10"), Decimal("0E-8"), at(0))
    SqliteProjectionStore(connection).save([RowChange("balance", "USDT", row)], 1)

    stored = connection.execute(
        "SELECT wallet_balance, typeof(wallet_balance), cross_wallet_balance FROM projection_balance",
    ).get

    assert stored == ("1000.10", "text", "0E-8")
