"""The audit trail in process memory, with the SQLite store's rules."""

from __future__ import annotations

import threading

from ports.audit_log import AuditEntry, AuditLog, AuditQuery, AuditRecord, check_entry


class InMemoryAuditLog(AuditLog):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[AuditRecord] = []

    def append(self, entry: AuditEntry) -> int:
        check_entry(entry)
        with self._lock:
            record = AuditRecord(len(self._records) + 1, entry)
            self._records.append(record)
            return record.id

    def page(self, query: AuditQuery) -> list[AuditRecord]:
        with self._lock:
            newest_first = reversed(self._records)
            return [record for record in newest_first if query.matches(record)][: query.limit]

    def count(self, query: AuditQuery | None = None) -> int:
        with self._lock:
            return sum(1 for record in self._records if query is None or query.matches(record))
