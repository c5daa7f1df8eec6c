"""AuditLog contract: append-only, newest first by id, filters and bounds behave the same in memory and in SQLite."""

from __future__ import annotations

from dataclasses import replace

import apsw
import pytest

from adapters.memory.audit_log import InMemoryAuditLog
from adapters.sqlite.audit_log import SqliteAuditLog
from ports.audit_log import (
    MAX_DETAIL_LENGTH,
    MAX_FIELD_LENGTH,
    MAX_PAGE,
    AuditEntry,
    AuditLog,
    AuditQuery,
    capped,
)
from tests.contract.conftest import IMPLEMENTATIONS
from tests.contract.samples import at


@pytest.fixture(params=IMPLEMENTATIONS)
def audit(request: pytest.FixtureRequest) -> AuditLog:
    if request.param == "memory":
        return InMemoryAuditLog()
    return SqliteAuditLog(request.getfixturevalue("sqlite_connection"))


def entry(seconds: float = 0, user: str = "alice", **changes: object) -> AuditEntry:
    base = AuditEntry(
        at=at(seconds),
        user=user,
        role="admin",
        credential="session:j1",
        client="203.0.113.7",
        action="POST /api/commands SetLeverage",
        status=201,
        outcome="ok",
        detail='command c1 SetLeverage {"leverage":20}',
    )
    return replace(base, **changes)


def test_append_returns_ascending_ids_and_the_entry_reads_back_as_given(audit: AuditLog) -> None:
    first, second = audit.append(entry(0)), audit.append(entry(1, detail="é ✓ <b>"))

    assert second > first >= 1
    records = audit.page(AuditQuery())
    assert [record.id for record in records] == [second, first]
    assert records[0].entry == entry(1, detail="é ✓ <b>")
    assert records[1].entry == entry(0)


def test_a_page_is_newest_first_bounded_and_continues_below_before_id(audit: AuditLog) -> None:
    ids = [audit.append(entry(n)) for n in range(5)]

    first = audit.page(AuditQuery(limit=2))
    second = audit.page(AuditQuery(limit=2, before_id=first[-1].id))
    last = audit.page(AuditQuery(limit=2, before_id=second[-1].id))

    assert [r.id for r in first + second + last] == ids[::-1]
    assert len(last) == 1


def test_filters_by_user_and_inclusive_time_and_count_agrees(audit: AuditLog) -> None:
    for n, user in enumerate(["alice", "bob", "alice", "bob", "alice"]):
        audit.append(entry(n, user=user))
    query = AuditQuery(user="alice", since=at(1), until=at(4))

    found = audit.page(query)

    assert [(r.entry.user, r.entry.at) for r in found] == [("alice", at(4)), ("alice", at(2))]
    assert audit.count(query) == 2
    assert audit.count() == 5
    assert audit.count(AuditQuery(user="carol")) == 0


def test_entries_the_store_cannot_hold_are_refused_naming_the_field(audit: AuditLog) -> None:
    with pytest.raises(ValueError, match="detail"):
        audit.append(entry(detail="x" * (MAX_DETAIL_LENGTH + 1)))
    with pytest.raises(ValueError, match="action"):
        audit.append(entry(action="x" * (MAX_FIELD_LENGTH + 1)))
    with pytest.raises(ValueError, match="user"):
        audit.append(entry(user="\ud800"))
    with pytest.raises(ValueError, match="at"):
        audit.append(entry(at=at(0).replace(tzinfo=None)))
    with pytest.raises(ValueError, match="status"):
        audit.append(entry(status=42))

    assert audit.count() == 0


def test_capped_text_fits_and_says_it_was_cut(audit: AuditLog) -> None:
    audit.append(entry(detail=capped("y" * 5000, MAX_DETAIL_LENGTH)))

    (record,) = audit.page(AuditQuery())
    assert len(record.entry.detail) == MAX_DETAIL_LENGTH
    assert record.entry.detail.endswith("…")


def test_queries_are_bounded() -> None:
    with pytest.raises(ValueError, match="limit"):
        AuditQuery(limit=MAX_PAGE + 1)
    with pytest.raises(ValueError, match="limit"):
        AuditQuery(limit=0)
    with pytest.raises(ValueError, match="since"):
        AuditQuery(since=at(0).replace(tzinfo=None))


def test_the_sqlite_table_refuses_update_and_delete(sqlite_connection: apsw.Connection) -> None:
    SqliteAuditLog(sqlite_connection).append(entry())

    with pytest.raises(apsw.ConstraintError, match="append-only"):
        sqlite_connection.execute("UPDATE web_audit_log SET user = 'mallory'")
    with pytest.raises(apsw.ConstraintError, match="append-only"):
        sqlite_connection.execute("DELETE FROM web_audit_log")

    assert SqliteAuditLog(sqlite_connection).page(AuditQuery())[0].entry == entry()


def test_neither_adapter_has_a_way_to_change_or_remove_an_entry() -> None:
    for adapter in (InMemoryAuditLog, SqliteAuditLog):
        public = {name for name in vars(adapter) if not name.startswith("_")}
        assert public == {"append", "page", "count"}
