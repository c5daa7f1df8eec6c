"""Market stream names and where each is served: `xrpusdt@kline_<interval>`, `@markPrice[@1s]`, `@aggTrade`,
`@ticker`, `@miniTicker`, `xrpusdt_perpetual@continuousKline_<interval>` on /market; `@bookTicker` on /public.

Since the 2026 split, bookTicker lives on /public and the others on /market; /private serves listenKeys only; the
legacy /ws and /stream paths serve every stream and listenKeys (API.md §0–1, §8; Important-WebSocket-Change-Notice).
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.simulator.market.intervals import Interval

KLINE = "kline"
CONTINUOUS_KLINE = "continuousKline"
MARK_PRICE = "markPrice"
AGG_TRADE = "aggTrade"
BOOK_TICKER = "bookTicker"
TICKER = "ticker"
MINI_TICKER = "miniTicker"
MARK_EVERY_MS = {"": 3000, "@1s": 1000}
TICKER_EVERY_MS = 2000  # Update Speed of @ticker and @miniTicker
PERPETUAL = "perpetual"

PUBLIC = frozenset({BOOK_TICKER})
MARKET = frozenset({KLINE, CONTINUOUS_KLINE, MARK_PRICE, AGG_TRADE, TICKER, MINI_TICKER})
PRIVATE: frozenset[str] = frozenset()
LEGACY = PUBLIC | MARKET
_SERVED = "kline_<interval>, markPrice, markPrice@1s, aggTrade, ticker, miniTicker, bookTicker"


class StreamNameError(ValueError):
    """A stream name the simulator does not serve on this path; the message names it and says why."""


@dataclass(frozen=True)
class StreamName:
    """One parsed stream; `interval` for (continuous) klines, `every_ms` for markPrice and the tickers."""

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
    pair, _, contract = head.partition("_")
    if pair != symbol.lower():
        why = (
            f"stream names are lowercase ({symbol.lower()})"
            if pair.lower() == symbol.lower()
            else f"the simulator trades only {symbol.lower()}"
        )
        raise StreamNameError(f"invalid stream name {name!r}: {why}")
    stream = _continuous(name, symbol, contract, rest) if contract or rest.startswith(CONTINUOUS_KLINE) else None
    stream = stream or _parse_kind(name, symbol, rest)
    if stream.kind not in served:
        raise StreamNameError(f"stream {name!r} is not served on this path ({_home(stream.kind)})")
    return stream


def _continuous(name: str, symbol: str, contract: str, rest: str) -> StreamName:
    pattern = f"{symbol.lower()}_{PERPETUAL}@{CONTINUOUS_KLINE}_<interval>"
    if contract != PERPETUAL or not rest.startswith(f"{CONTINUOUS_KLINE}_"):
        raise StreamNameError(f"invalid stream name {name!r}: the simulator's continuous klines are {pattern}")
    return StreamName(name, symbol, CONTINUOUS_KLINE, interval=_interval(name, rest, CONTINUOUS_KLINE))


def _parse_kind(name: str, symbol: str, rest: str) -> StreamName:
    if rest.startswith(f"{KLINE}_"):
        return StreamName(name, symbol, KLINE, interval=_interval(name, rest, KLINE))
    if rest.startswith(MARK_PRICE) and rest.removeprefix(MARK_PRICE) in MARK_EVERY_MS:
        return StreamName(name, symbol, MARK_PRICE, every_ms=MARK_EVERY_MS[rest.removeprefix(MARK_PRICE)])
    if rest in (TICKER, MINI_TICKER):
        return StreamName(name, symbol, rest, every_ms=TICKER_EVERY_MS)
    if rest in (AGG_TRADE, BOOK_TICKER):
        return StreamName(name, symbol, rest)
    raise StreamNameError(
        f"invalid stream name {name!r}: the simulator serves {_SERVED} and "
        f"{symbol.lower()}_{PERPETUAL}@{CONTINUOUS_KLINE}_<interval>"
    )


def _interval(name: str, rest: str, kind: str) -> str:
    interval = rest.removeprefix(f"{kind}_")
    try:
        Interval(interval)
    except ValueError as exc:
        raise StreamNameError(f"invalid stream name {name!r}: {exc}") from None
    return interval


def _home(kind: str) -> str:
    return "bookTicker is on /public" if kind in PUBLIC else f"{kind} is on /market"
