"""Mark and index prices: last price plus a small seeded basis, once per second, on the tick grid."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.simulator.market.mark import MarkPrices, MarkShape
from adapters.simulator.market.tape import Tape
from domain.times import epoch_ms
from tests.simulator.market.builders import T0, tape

SECONDS = range(0, 3600, 3)


def moments() -> list[int]:
    return [epoch_ms(T0 + timedelta(seconds=s, milliseconds=400)) for s in SECONDS]


@pytest.fixture
def market_tape() -> Tape:
    return tape(seed=8)


def test_the_mark_stays_within_three_ticks_of_the_last_price_and_moves_around_it(market_tape: Tape) -> None:
    marks = MarkPrices(market_tape, seed=8)

    gaps = [marks.mark(m) - market_tape.price(market_tape.step_at(m - m % 1000)) for m in moments()]

    assert set(gaps) == set(range(-3, 4))


def test_the_index_stays_within_two_ticks_of_the_last_price(market_tape: Tape) -> None:
    marks = MarkPrices(market_tape, seed=8)

    gaps = {marks.index(m) - market_tape.price(market_tape.step_at(m - m % 1000)) for m in moments()}

    assert gaps == set(range(-2, 3))


def test_the_mark_holds_for_a_whole_second(market_tape: Tape) -> None:
    marks = MarkPrices(market_tape, seed=8)
    second = epoch_ms(T0 + timedelta(minutes=5))

    assert len({marks.mark(second + offset) for offset in (0, 250, 600, 999)}) == 1


def test_the_same_seed_gives_the_same_marks(market_tape: Tape) -> None:
    first, second = MarkPrices(market_tape, seed=8), MarkPrices(tape(seed=8), seed=8)

    assert [first.mark(m) for m in moments()] == [second.mark(m) for m in moments()]


def test_the_mark_never_falls_below_one_tick() -> None:
    tiny = tape()
    tiny.move_price(0, 1)

    marks = MarkPrices(tiny, seed=3, shape=MarkShape(max_basis_ticks=5))

    assert min(marks.mark(m) for m in moments()) == 1


def test_a_malformed_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="mark period must be positive"):
        MarkShape(period_ms=0)
