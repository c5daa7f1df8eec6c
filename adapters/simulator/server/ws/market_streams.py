"""Market stream names and where each is served: `xrpusdt@kline_<interval>`, `@markPrice[@1s]`, `@aggTrade`,
`@ticker`, `@miniTicker`, `xrpusdt_perpetual@continuousKline_<interval>` on /market; `@bookTicker`,
`@depth<5|10|20>[@100ms|@500ms]` (partial book) and `@depth[@100ms|@500ms]` (diff book) on /public; the
all-market arrays `!ticker@arr` and `!miniTicker@arr` (the one symbol's) on /market.

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
DEPTH = "depth"  # the partial book, <symbol>@depth<levels>
DIFF_DEPTH = "diffDepth"  # the diff book, <symbol>@depth
DEPTH_LEVELS = (5, 10, 20)
DEPTH_EVERY_MS = {"": 250, "@100ms": 100, "@500ms": 500}
MARK_EVERY_MS = {"": 3000, "@1s": 1000}
TICKER_EVERY_MS = 2000  # Update Speed of @ticker and @miniTicker
ALL_TICKERS_EVERY_MS = 1000  # Update Speed of !ticker@arr and !miniTicker@arr
ALL_MARKET = {f"!{TICKER}@arr": TICKER, f"!{MINI_TICKER}@arr": MINI_TICKER}
PERPETUAL = "perpetual"

PUBLIC = frozenset({BOOK_TICKER, DEPTH, DIFF_DEPTH})
MARKET = frozenset({KLINE, CONTINUOUS_KLINE, MARK_PRICE, AGG_TRADE, TICKER, MINI_TICKER})
PRIVATE: frozenset[str] = frozenset()
LEGACY = PUBLIC | MARKET
_SERVED = (
    "kline_<interval>, markPrice, markPrice@1s, aggTrade, ticker, miniTicker, bookTicker, "
    "depth<5|10|20>[@100ms|@500ms], depth[@100ms|@500ms]"
)


class StreamNameError(ValueError):
    """A stream name the simulator does not serve on this path; the message names it and says why."""


@dataclass(frozen=True)
class StreamName:
    """One parsed stream; `interval` for (continuous) klines, `every_ms` for markPrice, the tickers and the books,
    `levels` for the partial book; `all_market` for the `!…@arr` arrays."""

    name: str
    symbol: str
    kind: str
    interval: str = ""
    every_ms: int = 0
    levels: int = 0
    all_market: bool = False


def parse_stream(name: str, symbol: str, served: frozenset[str]) -> StreamName:
    """The stream `name` of `symbol` (the simulated one) if this path serves it, else StreamNameError."""
    stream = _parse(name, symbol)
    if stream.kind not in served:
        raise StreamNameError(f"stream {name!r} is not served on this path ({_home(stream.kind)})")
    return stream


def _parse(name: str, symbol: str) -> StreamName:
    if name in ALL_MARKET:
        # An all-market array: a ticker kind whose payload is a list
        return StreamName(name, symbol, ALL_MARKET[name], every_ms=ALL_TICKERS_EVERY_MS, all_market=True)
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
    if contract or rest.startswith(CONTINUOUS_KLINE):
        return _continuous(name, symbol, contract, rest)
    return _parse_kind(name, symbol, rest)


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
    levels, _, speed = rest.removeprefix(DEPTH).partition("@")
    speed = f"@{speed}" if speed else ""
    if rest.startswith(DEPTH) and speed in DEPTH_EVERY_MS and levels in ("", *map(str, DEPTH_LEVELS)):
        kind = DEPTH if levels else DIFF_DEPTH
        return StreamName(name, symbol, kind, every_ms=DEPTH_EVERY_MS[speed], levels=int(levels or 0))
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
    return f"{DEPTH if kind == DIFF_DEPTH else kind} is on {'/public' if kind in PUBLIC else '/market'}"
