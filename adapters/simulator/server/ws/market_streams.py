"""Market stream names (`xrpusdt@kline_1m`, `@markPrice[@1s]`, `@aggTrade`, `@bookTicker`) and where each is served.

Since the 2026 split, bookTicker lives on /public and kline, markPrice and aggTrade on /market; the legacy /ws and
/stream paths serve all four (API.md §0–1, §8).
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.simulator.market.intervals import Interval

KLINE = "kline"
MARK_PRICE = "markPrice"
AGG_TRADE = "aggTrade"
BOOK_TICKER = "bookTicker"
MARK_EVERY_MS = {"": 3000, "@1s": 1000}

PUBLIC = frozenset({BOOK_TICKER})
MARKET = frozenset({KLINE, MARK_PRICE, AGG_TRADE})
LEGACY = PUBLIC | MARKET


class StreamNameError(ValueError):
    """A stream name the simulator does not serve on this path; the message names it and says why."""


@dataclass(frozen=True)
class StreamName:
    """One parsed stream; `interval` for klines, `every_ms` for markPrice."""

    name: str
    symbol: str
    kind: str
    interval: str = ""
    every_ms: int = 0


def parse_stream(name: str, symbol: str, served: frozenset[str]) -> StreamName:
    """The stream `name` of `symbol` (the simulated one) if this path serves it, else StreamNameError."""
    head, at, rest = name.partition("@")
    if not at:
        raise StreamNameError(f"invalid stream name {name!r}: expected <symbol>@<stream>")
    if head != symbol.lower():
        raise StreamNameError(
            f"invalid stream name {name!r}: the simulator trades only {symbol.lower()} (stream names are lowercase)"
        )
    stream = _parse_kind(name, symbol, rest)
    if stream.kind not in served:
        raise StreamNameError(f"stream {name!r} is not served on this path ({_home(stream.kind)})")
    return stream


def _parse_kind(name: str, symbol: str, rest: str) -> StreamName:
    if rest.startswith(f"{KLINE}_"):
        interval = rest.removeprefix(f"{KLINE}_")
        try:
            Interval(interval)
        except ValueError as exc:
            raise StreamNameError(f"invalid stream name {name!r}: {exc}") from None
        return StreamName(name, symbol, KLINE, interval=interval)
    if rest.startswith(MARK_PRICE) and rest.removeprefix(MARK_PRICE) in MARK_EVERY_MS:
        return StreamName(name, symbol, MARK_PRICE, every_ms=MARK_EVERY_MS[rest.removeprefix(MARK_PRICE)])
    if rest in (AGG_TRADE, BOOK_TICKER):
        return StreamName(name, symbol, rest)
    raise StreamNameError(
        f"invalid stream name {name!r}: the simulator serves kline_<interval>, markPrice, "
        "markPrice@1s, aggTrade and bookTicker"
    )


def _home(kind: str) -> str:
    return "bookTicker is on /public" if kind in PUBLIC else f"{kind} is on /market"
