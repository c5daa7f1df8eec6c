"""The tape: synthetic activity per step, consecutive trade ids, manual price moves that leave the past alone."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from adapters.simulator.market.tape import FIRST_TRADE_ID, Tape
from tests.simulator.market.builders import XRP, path, tape


def test_trade_ids_are_consecutive_from_the_first_step() -> None:
    steps = list(tape().steps(0, 2000))

    assert steps[0].first_trade_id == FIRST_TRADE_ID
    assert all(later.first_trade_id == step.last_trade_id + 1 for step, later in itertools.pairwise(steps))


def test_a_step_read_alone_equals_the_same_step_read_in_sequence() -> None:
    in_sequence = list(tape().steps(0, 1500))

    assert [tape().step(index) for index in (1499, 700, 256, 0)] == [in_sequence[i] for i in (1499, 700, 256, 0)]


def test_the_taker_side_follows_the_price_move() -> None:
    steps = list(tape().steps(0, 3000))

    for before, step in itertools.pairwise(steps):
        if step.price != before.price:
            assert step.taker_buy == (step.price > before.price)


def test_activity_depends_on_the_seed() -> None:
    first, second = tape(seed=1), Tape(path(seed=1), XRP.step_size, seed=2)

    assert [s.quantity for s in first.steps(0, 50)] != [s.quantity for s in second.steps(0, 50)]


def test_a_price_move_applies_from_its_step_on_and_leaves_earlier_steps_alone() -> None:
    moved, untouched = tape(), tape()

    moved.move_price(400, 6000)

    assert [moved.price(i) for i in range(400)] == [untouched.price(i) for i in range(400)]
    assert moved.price(400) == 6000
    assert moved.price(900) - untouched.price(900) == 6000 - untouched.price(400)


def test_moves_must_go_forward_in_time() -> None:
    moved = tape()
    moved.move_price(400, 6000)

    with pytest.raises(ValueError, match="price moves go forward in time"):
        moved.move_price(399, 6000)


def test_a_move_below_one_tick_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one tick"):
        tape().move_price(10, 0)


def test_a_non_positive_step_size_is_refused() -> None:
    with pytest.raises(ValueError, match="step size must be positive"):
        Tape(path(), Decimal(0), seed=1)
