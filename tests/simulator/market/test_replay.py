"""Replay of a Binance klines CSV: same interface as the seeded path, the CSV's OHLC given back exactly."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.simulator.market.intervals import Interval
from adapters.simulator.market.klines import KlineBook, KlineQuery
from adapters.simulator.market.replay import ReplaySource, parse_klines_csv
from adapters.simulator.market.source import PriceSource
from adapters.simulator.market.tape import Tape
from domain.times import epoch_ms, from_epoch_ms
from tests.harness.binance_fixtures import load_fixture as fixture
from tests.simulator.market.builders import BTC, T0

HEADER = (
    "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore"
)


def fixture_csv(header: bool = False) -> str:
    rows = [",".join(str(cell) for cell in row) for row in fixture("rest_klines_btcusdt_1m_2024.json")]
    return "\n".join(([HEADER] if header else []) + rows) + "\n"


def replay(origin_shift: timedelta | None = None) -> ReplaySource:
    bars = parse_klines_csv(fixture_csv().splitlines(), BTC.tick_size)
    origin = None if origin_shift is None else T0 + origin_shift
    return ReplaySource(bars, BTC.tick_size, origin=origin)


def replayed_klines(source: ReplaySource, interval: str = "1m") -> list[tuple[str, str, str, str]]:
    book = KlineBook(Tape(source, BTC.step_size, seed=1))
    now = epoch_ms(source.end) + 60_000
    klines = book.history(KlineQuery(Interval(interval), end_ms=epoch_ms(source.end) - 1), now)
    return [(str(k.open), str(k.high), str(k.low), str(k.close)) for k in klines]


def test_a_replay_is_a_price_source_like_the_seeded_path() -> None:
    assert isinstance(replay(), PriceSource)


def test_aggregated_at_the_csv_interval_the_replay_gives_back_the_csv_ohlc() -> None:
    expected = [tuple(row[1:5]) for row in fixture("rest_klines_btcusdt_1m_2024.json")]

    assert replayed_klines(replay()) == expected


def test_by_default_the_replay_keeps_the_csv_times() -> None:
    source = replay()

    assert source.origin_ms == 1712738460000
    assert source.price_at(from_epoch_ms(1712738460000)) == Decimal("71481.90")


def test_the_replay_can_be_moved_to_start_at_the_simulated_start() -> None:
    source = replay(origin_shift=timedelta(seconds=30))  # floored to the CSV's 1-minute interval

    assert source.origin_ms == epoch_ms(T0)
    assert replayed_klines(source)[1] == ("71471.00", "71471.00", "70459.40", "70459.40")


def test_a_falling_kline_visits_the_high_before_the_low() -> None:
    source = replay()
    second = [source.ticks(240 + offset) for offset in range(240)]

    assert second.index(max(second)) < second.index(min(second))


def test_after_the_last_kline_the_price_holds_the_last_close() -> None:
    source = replay()

    assert source.price_at(source.end + timedelta(hours=5)) == Decimal("70459.40")


def test_a_header_row_is_skipped() -> None:
    assert parse_klines_csv(fixture_csv(header=True).splitlines(), BTC.tick_size) == parse_klines_csv(
        fixture_csv().splitlines(),
        BTC.tick_size,
    )


def test_a_csv_file_is_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "klines.csv"
    path.write_text(fixture_csv(header=True), encoding="utf-8")

    source = ReplaySource.from_csv(path, BTC.tick_size, origin=T0)

    assert source.price_at(T0) == Decimal("71481.90")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1712738460000,1,2,3", "at least 7 columns"),
        ("1712738460000,x,1,1,1,0,1712738519999", "not a number"),
        ("1712738460000,71481.95,71481.95,71481.95,71481.95,0,1712738519999", "not a positive multiple of tick"),
        ("1712738460000,71481.90,71481.90,71481.80,71481.70,0,1712738519999", "between low and high"),
    ],
)
def test_a_malformed_row_is_refused_with_its_line_and_column(row: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"line 1, column.*{message}"):
        parse_klines_csv([row], BTC.tick_size)


def test_a_gap_between_klines_is_refused() -> None:
    rows = [
        "1712738460000,1.00,1.00,1.00,1.00,0,1712738519999",
        "1712738580000,1.00,1.00,1.00,1.00,0,1712738639999",
    ]

    with pytest.raises(ValueError, match="line 2: opens at 1712738580000, expected 1712738520000"):
        parse_klines_csv(rows, BTC.tick_size)


def test_an_empty_csv_is_refused() -> None:
    with pytest.raises(ValueError, match="no rows"):
        parse_klines_csv([HEADER], BTC.tick_size)


def test_a_step_that_does_not_divide_the_csv_interval_is_refused() -> None:
    bars = parse_klines_csv(fixture_csv().splitlines(), BTC.tick_size)

    with pytest.raises(ValueError, match="must divide the CSV interval"):
        ReplaySource(bars, BTC.tick_size, step_ms=7000)
