"""A check's verdict record, and the guard that turns a check that raises into a FAIL line instead of a traceback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum

MAX_ERROR = 300


class Verdict(str, Enum):
    """FAIL makes `doctor` exit 1; every other verdict informs. UNKNOWN: the exchange did not say, verify by hand."""

    OK = "ok"
    WARN = "warn"
    FAIL = "FAIL"
    UNKNOWN = "unknown"
    SKIP = "skip"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One line of the report: which check, its verdict, what it found, and what to do ("" when nothing)."""

    check: str
    verdict: Verdict
    detail: str
    action: str = ""

    def as_json(self) -> dict[str, str]:
        return {"check": self.check, "verdict": self.verdict.value, "detail": self.detail, "action": self.action}


def ok(check: str, detail: str) -> Finding:
    return Finding(check, Verdict.OK, detail)


def raised(check: str, error: BaseException) -> Finding:
    """The FAIL line of a check that raised: the error named in one line, never a traceback."""
    text = " ".join(f"{type(error).__name__}: {error}".split())[:MAX_ERROR]
    return Finding(check, Verdict.FAIL, f"the check itself failed ({text})", "fix what the error names, then re-run")


def guarded(check: str, run: Callable[[], Finding]) -> Finding:
    try:
        return run()
    except Exception as error:  # noqa: BLE001 - every failure of a check becomes its FAIL line
        return raised(check, error)


async def guarded_async(check: str, run: Callable[[], Awaitable[Finding]]) -> Finding:
    try:
        return await run()
    except Exception as error:  # noqa: BLE001 - every failure of a check becomes its FAIL line
        return raised(check, error)
