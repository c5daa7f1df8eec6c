"""Input checks both store implementations apply before writing, so bad input fails alike with a clear message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from domain.codec import CodecError
from domain.projections.rows import ROW_TYPES
from domain.projections.state import ProjectionState, RowChange
from domain.text import NOT_STORABLE, unstorable
from ports.event_store import MAX_SEQ, EventQuery


def check_config_write(key: str, expected_version: int | None, updated_by: str) -> None:
    if not isinstance(key, str) or not key:
        raise ValueError(f"a config key must be a non-empty string, got {key!r}")
    if expected_version is not None and (
        isinstance(expected_version, bool) or not isinstance(expected_version, int) or expected_version < 0
    ):
        raise ValueError(f"config {key!r}: expected_version must be None or an int >= 0, got {expected_version!r}")
    if not isinstance(updated_by, str) or not updated_by:
        raise ValueError(f"config {key!r}: updated_by must name who writes it, got {updated_by!r}")


def check_storable(what: str, fields: Iterable[tuple[str, Any]]) -> None:
    """Refuse text no UTF-8 store can hold, naming `what` and the field but never quoting the text itself."""
    for name, value in fields:
        if type(value) is str and unstorable(value):
            raise CodecError(f"{what}: {name} {NOT_STORABLE}")


def check_row_change(change: RowChange) -> None:
    """Refuse a change that names an unknown table, carries the wrong row type, or files a row under another key."""
    row_type = ROW_TYPES.get(change.table)
    if row_type is None:
        raise ValueError(f"unknown projection table {change.table!r}; expected one of {sorted(ROW_TYPES)}")
    if change.row is None:
        return
    if type(change.row) is not row_type:
        raise ValueError(f"table {change.table!r} holds {row_type.__name__} rows, not {type(change.row).__name__}")
    if change.row.key != change.key:
        raise ValueError(f"table {change.table!r}: change key {change.key!r} is not the row's key {change.row.key!r}")
    fields = vars(change.row)
    # One join and one scan per row in the usual all-ASCII case: this runs for every row a fold saves
    if not "".join([value for value in fields.values() if type(value) is str]).isascii():
        check_storable(f"table {change.table!r}", fields.items())


def state_changes(state: ProjectionState) -> list[RowChange]:
    """Every row of a state as upserts, validated, in table then key order."""
    if not state.whole:
        # Its large tables hold only unsaved rows: replacing a store's tables with them would drop every other trade
        raise ValueError(
            "only a state holding every table (a rebuild's) can replace the projections, not one read by key"
        )
    changes = [RowChange(table, key, row) for table, rows in state.tables.items() for key, row in sorted(rows.items())]
    for change in changes:
        check_row_change(change)
    return changes


def check_checkpoint(checkpoint: int) -> None:
    if isinstance(checkpoint, bool) or not isinstance(checkpoint, int) or checkpoint < 0:
        raise ValueError(f"a projection checkpoint must be an event seq (int >= 0), got {checkpoint!r}")


def check_count(name: str, value: int) -> None:
    """Refuse a negative or non-int limit/offset (SQLite would read a negative LIMIT as "no limit")."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be an int >= 0, got {value!r}")


def check_event_query(query: EventQuery) -> None:
    if isinstance(query.types, str):
        raise ValueError(f"EventQuery.types must be a tuple of type names, not the string {query.types!r}")
    check_count("limit", query.limit)
    check_count("offset", query.offset)
    for name, bound in (("before_seq", query.before_seq), ("after_seq", query.after_seq)):
        if bound is not None:
            check_count(name, bound)
            if bound > MAX_SEQ:
                raise ValueError(f"{name} must be at most {MAX_SEQ} (a seq is an int64), got {bound}")
