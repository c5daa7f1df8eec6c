"""What the user-data translator found wrong in part of a frame, for the stream entry point to record."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StreamProblem:
    """Part of a frame that must be recorded as ExchangeErrorRecorded; the stream entry point adds the raw text."""

    message: str
