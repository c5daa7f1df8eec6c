"""A simulation replaying a klines CSV (SimulationOptions.klines): the file's own timeline, on a coarse grid."""

from __future__ import annotations

import csv
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.simulator.market.replay import coarse_step_ms
from adapters.simulator.simulation import Simulation, SimulationOptions
from domain.times import epoch_ms, from_epoch_ms
from entrypoints.trial.klines_file import SHIPPED
from entrypoints.trial.sample_klines import write_sample

ROWS = list(csv.reader(SHIPPED.read_text(encoding="utf-8").splitlines()))
FIRST_OPEN = from_epoch_ms(int(ROWS[0][0]))


def replaying(start: timedelta) -> Simulation:
    return Simulation(SimulationOptions(start=FIRST_OPEN + start, real=None, klines=SHIPPED))


@pytest.mark.parametrize(
    ("interval_ms", "step_ms"),
    [(60_000, 3_000), (300_000, 15_000), (900_000, 30_000), (3_600_000, 60_000), (86_400_000, 60_000)],
)
def test_a_coarse_replay_steps_a_kline_at_least_twenty_times_on_a_grid_that_divides_a_minute(
    interval_ms: int, step_ms: int
) -> None:
    assert coarse_step_ms(interval_ms) == step_ms
    assert 60_000 % step_ms == 0 and interval_ms // step_ms >= 20


def test_the_replayed_klines_are_the_files_at_its_own_times() -> None:
    simulation = replaying(timedelta(hours=6))
    simulation.clock.advance(timedelta(hours=1))
    simulation.advance()

    served = simulation.market.klines("5m", start=FIRST_OPEN, limit=84)

    assert [(epoch_ms(k.open_time), str(k.open), str(k.high), str(k.low), str(k.close)) for k in served] == [
        (int(row[0]), row[1], row[2], row[3], row[4]) for row in ROWS[:84]
    ]


def test_the_exchange_trades_at_the_files_prices_from_the_start() -> None:
    simulation = replaying(timedelta(minutes=5))

    assert simulation.market.last_price() == Decimal(ROWS[1][1])
    assert simulation.engine.oracle.balances["USDT"] == Decimal("10000")


def test_the_shipped_klines_file_is_what_its_generator_writes(tmp_path: Path) -> None:
    written = tmp_path / "sample.csv"

    assert write_sample(written) == len(ROWS) == 864
    assert written.read_bytes() == SHIPPED.read_bytes()
