"""`alphaengine audit export`: the audit trail to stdout, newest first as /api/audit pages it, as JSON lines or CSV."""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, TextIO

from ports.audit_log import MAX_PAGE, AuditLog, AuditQuery, AuditRecord

FORMATS = ("jsonl", "csv")
COLUMNS = ("id", "at", "user", "role", "credential", "client", "action", "status", "outcome", "detail")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such cells are quoted with '
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def since_argument(text: str) -> datetime:
    """--since: ISO-8601, read as UTC without an offset; argparse names the flag when it is not one."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO-8601 time; give e.g. 2026-03-04T03:00:00Z or 2026-03-04"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def export(audit: AuditLog, args: argparse.Namespace, out: TextIO) -> int:
    """Write every entry since args.since (of args.user, if given), newest first, a page of the store at a time."""
    records = _records(audit, args.since, args.user)
    if args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for record in records:
            writer.writerow([_cell(value) for value in _row(record).values()])
    else:
        for record in records:
            out.write(json.dumps(_row(record)) + "\n")
    return 0


def _records(audit: AuditLog, since: datetime | None, user: str | None) -> Iterator[AuditRecord]:
    before: int | None = None
    while True:
        page = audit.page(AuditQuery(user=user, since=since, before_id=before, limit=MAX_PAGE))
        yield from page
        if len(page) < MAX_PAGE:
            return
        before = page[-1].id


def _row(record: AuditRecord) -> dict[str, Any]:
    entry = record.entry
    at = entry.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    values = {"id": record.id, **vars(entry), "at": at}
    return {column: values[column] for column in COLUMNS}


def _cell(value: Any) -> Any:
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value
