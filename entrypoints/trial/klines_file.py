"""The klines file a trial replays, read once through the simulator's replay parser; every refusal names --klines,
the line and the column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from adapters.simulator.market.intervals import NAMES, Interval
from adapters.simulator.market.replay import ReplayBar, parse_klines_csv
from adapters.simulator.simulation import SPECS
from domain.performance import PricePoint
from domain.times import from_epoch_ms

# The klines file shipped with the engine: three days of 5-minute XRPUSDT klines (see its README)
SHIPPED = Path(__file__).resolve().parent / "klines" / "XRPUSDT-5m-sample.csv"
# A trial replays at most this many klines: a month of 1-minute klines, or a year of hourly ones
MAX_KLINES = 50_000


class TrialRefused(ValueError):
    """A trial's input is refused before anything runs; the message starts with the option or setting it names."""


@dataclass(frozen=True)
class KlinesFile:
    path: Path
    symbol: str
    interval: str
    start: datetime
    end: datetime
    closes: tuple[PricePoint, ...]  # each kline's close at its close time

    @classmethod
    def read(cls, path: Path, symbol: str = "XRPUSDT") -> KlinesFile:
        """Read and check the file; TrialRefused names --klines (with the line and column) or --symbol."""
        if symbol not in SPECS:
            raise TrialRefused(f"--symbol: the simulator trades {', '.join(sorted(SPECS))}, not {symbol!r}")
        tick = SPECS[symbol].tick_size
        try:
            with path.open(encoding="utf-8", newline="") as lines:
                bars = parse_klines_csv(lines, tick)
        except UnicodeDecodeError as error:
            raise TrialRefused(f"--klines: {path}: not UTF-8 text (byte {error.start})") from None
        except OSError as error:
            raise TrialRefused(f"--klines: cannot read {path}: {error.strerror or error}") from None
        except ValueError as error:
            raise TrialRefused(f"--klines: {path}: {error}") from None
        if len(bars) > MAX_KLINES:
            raise TrialRefused(f"--klines: {path}: {len(bars)} klines, at most {MAX_KLINES} are replayed")
        return cls(path, symbol, _interval(path, bars), from_epoch_ms(bars[0].open_ms), _end(bars), _closes(bars, tick))

    @property
    def interval_length(self) -> timedelta:
        return length(self.interval)

    def check_timeframe(self, timeframe: str) -> None:
        """The strategy reads klines the file's can be aggregated into: its own interval or a multiple of it."""
        if timeframe not in NAMES or timeframe == "1M":
            raise TrialRefused(f"--set strategy.timeframe: one of {', '.join(NAMES[:-1])}, got {timeframe!r}")
        if length(timeframe) % self.interval_length:
            raise TrialRefused(
                f"--set strategy.timeframe: {timeframe} klines cannot be built from the file's {self.interval} klines; "
                f"use {self.interval} or a multiple of it"
            )

    def check_warm_up(self, first_decision: datetime, strategy: str) -> None:
        if first_decision >= self.end:
            needed = (first_decision - self.start) / self.interval_length
            raise TrialRefused(
                f"--klines: {self.path} holds {len(self.closes)} {self.interval} klines; {strategy} reads the "
                f"first {needed:.0f} before its first decision: give a longer file"
            )


def length(interval: str) -> timedelta:
    return timedelta(milliseconds=Interval(interval).next_open(0))


def _interval(path: Path, bars: list[ReplayBar]) -> str:
    span = bars[0].close_ms - bars[0].open_ms + 1
    for name in NAMES[:-1]:
        if Interval(name).next_open(0) == span:
            return name
    raise TrialRefused(
        f"--klines: {path}: klines of {span} ms (close time - open time + 1) are none of Binance's intervals"
    )


def _end(bars: list[ReplayBar]) -> datetime:
    return from_epoch_ms(bars[-1].close_ms + 1)


def _closes(bars: list[ReplayBar], tick: Decimal) -> tuple[PricePoint, ...]:
    return tuple(PricePoint(from_epoch_ms(bar.close_ms + 1), bar.close * tick) for bar in bars)
