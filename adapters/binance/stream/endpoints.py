"""WebSocket URLs of the 2026 split: /private for user data, /market for klines and mark price; all overridable."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

PRODUCTION_WS = "wss://fstream.binance.com"
DEMO_WS = "wss://demo-fstream.binance.com"
# Binance's interval names (case matters: 1m is a minute, 1M a month)
KLINE_INTERVALS = frozenset(
    {"1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"}
)


@dataclass(frozen=True)
class StreamEndpoints:
    """`base` is the WS host; templates place it, the listenKey ({key}) and a stream name ({stream}).

    Production and the simulator use the defaults; the demo host still serves the legacy forms
    (user "{base}/ws/{key}", market "{base}/ws/{stream}", binance/API.md §1).
    """

    base: str = PRODUCTION_WS
    user_template: str = "{base}/private/ws?listenKey={key}"
    market_template: str = "{base}/market/ws/{stream}"

    def __post_init__(self) -> None:
        parts = urlsplit(self.base)
        if parts.scheme not in ("ws", "wss") or not parts.netloc:
            raise ValueError(f"WebSocket base URL must look like wss://host[:port], got {self.base!r}")
        if "{key}" not in self.user_template:
            raise ValueError(f"user-data URL template needs a {{key}} placeholder, got {self.user_template!r}")
        if "{stream}" not in self.market_template:
            raise ValueError(f"market URL template needs a {{stream}} placeholder, got {self.market_template!r}")

    def user_data(self, listen_key: str) -> str:
        return self.user_template.format(base=self.base.rstrip("/"), key=quote(listen_key, safe=""))

    def market(self, stream: str) -> str:
        return self.market_template.format(base=self.base.rstrip("/"), stream=stream)


def kline_stream(symbol: str, interval: str) -> str:
    if interval not in KLINE_INTERVALS:
        raise ValueError(f"unknown kline interval {interval!r}; Binance has {', '.join(sorted(KLINE_INTERVALS))}")
    return f"{_stream_symbol(symbol)}@kline_{interval}"


def mark_price_stream(symbol: str, every_second: bool) -> str:
    # Without @1s Binance pushes the mark price every 3 s
    return f"{_stream_symbol(symbol)}@markPrice{'@1s' if every_second else ''}"


def _stream_symbol(symbol: str) -> str:
    if not symbol.isascii() or not symbol.isalnum() or not symbol.isupper():
        raise ValueError(f"symbol must be upper-case letters and digits like XRPUSDT, got {symbol!r}")
    return symbol.lower()
