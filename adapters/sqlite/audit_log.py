"""The audit trail in the shared SQLite file (table of migration 0012): only INSERT and SELECT, and triggers refuse
UPDATE and DELETE, so no code path here or elsewhere can rewrite what was recorded."""

from __future__ import annotations

from typing import Any

import apsw

from adapters.sqlite.transactions import fetch_all, write_transaction
from domain.times import format_utc, parse_utc
from ports.audit_log import AuditEntry, AuditLog, AuditQuery, AuditRecord, check_entry

_COLUMNS = "id, at, user, role, credential, client, action, status, outcome, detail"
_INSERT = (
    "INSERT INTO web_audit_log (at, user, role, credential, client, action, status, outcome, detail) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class SqliteAuditLog(AuditLog):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def append(self, entry: AuditEntry) -> int:
        check_entry(entry)
        row = (
            format_utc(entry.at),
            entry.user,
            entry.role,
            entry.credential,
            entry.client,
            entry.action,
            entry.status,
            entry.outcome,
            entry.detail,
        )
        with write_transaction(self._connection, "append an audit entry") as db:
            db.execute(_INSERT, row)
            return db.last_insert_rowid()

    def page(self, query: AuditQuery) -> list[AuditRecord]:
        where, bindings = _filters(query)
        sql = f"SELECT {_COLUMNS} FROM web_audit_log{where} ORDER BY id DESC LIMIT ?"
        rows = fetch_all(self._connection, "read the audit log", sql, (*bindings, query.limit))
        return [_record(row) for row in rows]

    def count(self, query: AuditQuery | None = None) -> int:
        where, bindings = _filters(query) if query is not None else ("", ())
        sql = f"SELECT count(*) FROM web_audit_log{where}"
        ((found,),) = fetch_all(self._connection, "count audit entries", sql, bindings)
        return int(found)


def _filters(query: AuditQuery) -> tuple[str, tuple[Any, ...]]:
    clauses: list[str] = []
    bindings: list[Any] = []
    for clause, value in (
        ("user = ?", query.user),
        ("at >= ?", None if query.since is None else format_utc(query.since)),
        ("at <= ?", None if query.until is None else format_utc(query.until)),
        ("id < ?", query.before_id),
    ):
        if value is not None:
            clauses.append(clause)
            bindings.append(value)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(bindings)


def _record(row: tuple[Any, ...]) -> AuditRecord:
    record_id, at, user, role, credential, client, action, status, outcome, detail = row
    entry = AuditEntry(parse_utc(at), user, role, credential, client, action, status, outcome, detail)
    return AuditRecord(record_id, entry)
