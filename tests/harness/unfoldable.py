"""A log as an older version could leave it: an event whose text no projection can store."""

from __future__ import annotations

from datetime import UTC, datetime

import apsw

from adapters.records.event_rows import EVENT_COLUMNS, event_to_row
from domain.events import EngineStateChanged, new_event
from domain.values import EngineState, Mode, Scope, Source

SCOPE = Scope("BINANCE", "FUTURES", "main", "XRPUSDT", Mode.SIM)


def store_as_an_old_version_did(connection: apsw.Connection, event_id: str) -> int:
    """Insert a PauseEngine whose reason is a lone surrogate straight into the log, as the log took it before."""
    event = new_event(
        EngineStateChanged(EngineState.PAUSED, "PLACEHOLDER", None),
        event_id=event_id,
        ts=datetime(2026, 1, 1, tzinfo=UTC),
        scope=SCOPE,
        source=Source.BOT,
    )
    row = event_to_row(event)
    # The JSON text keeps the surrogate as an escape: the log holds it, no projection's UTF-8 column can
    row = row._replace(payload_json=row.payload_json.replace("PLACEHOLDER", "\\ud800"))
    marks = ", ".join("?" for _ in EVENT_COLUMNS)
    return connection.execute(
        f"INSERT INTO event_store ({', '.join(EVENT_COLUMNS)}) VALUES ({marks}) RETURNING seq", tuple(row)
    ).get
