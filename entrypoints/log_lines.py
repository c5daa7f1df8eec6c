"""Log records as one line each: what users and the exchange typed cannot start a line of its own (ADR 0050, 0079)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from application.log_context import current_correlation
from domain.text import shown


class OneLineFormatter(logging.Formatter):
    """Escapes control characters in the message (domain.text's one rule); a traceback keeps its own lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = shown(record.message)
        line = super().formatMessage(record)
        correlation = current_correlation()
        return line if correlation is None else f"{line} [{shown(correlation)}]"


class JsonLineFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, correlation_id when set, the traceback as `exc`.

    JSON escapes every control character, so a message or a traceback never spans lines (log shippers read one
    object per line).
    """

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        correlation = current_correlation()
        if correlation is not None:
            line["correlation_id"] = correlation
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        # ASCII only: U+2028 and its kin are line breaks to some readers
        return json.dumps(line)
