"""Log records as one line each: what users and the exchange typed cannot start a line of its own (ADR 0050)."""

from __future__ import annotations

import logging

from domain.text import shown


class OneLineFormatter(logging.Formatter):
    """Escapes control characters in the message (domain.text's one rule); a traceback keeps its own lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = shown(record.message)
        return super().formatMessage(record)
