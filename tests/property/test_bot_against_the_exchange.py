"""R25: the whole bot against the in-process simulator, under random steps and faults, agrees with the oracle."""

from __future__ import annotations

import asyncio
import functools
import tempfile
from collections.abc import Callable
from contextlib import ExitStack, suppress
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from adapters.simulator.errors import SimError
from domain.client_order_ids import is_ours
from domain.commands import (
    STRATEGY_PRIORITY,
    USER_PRIORITY,
    ActorKind,
    CancelAll,
    CancelOrder,
    ClosePosition,
    CommandPayload,
    PlaceOrder,
)
from domain.values import OrderType, Side, TimeInForce
from ports.failpoints import MID_FILL_PROCESSING
from ports.failpoints import NAMES as FAILPOINTS
from tests.harness.flaky_gateway import Fault
from tests.property.exchange_world import POLL, World, scratch_folder
from tests.property.invariants import (
    LogWatch,
    assert_commands_settled,
    assert_database_intact,
    assert_equal_to_oracle,
    assert_no_duplicate_orders,
    assert_rebuild_is_identical,
)
from tests.unit.application_crash.oracle_checks import assert_state_matches
from tests.unit.application_crash.rig import SYMBOL

TICK = Decimal("0.0001")
LOWEST, HIGHEST = Decimal("0.2000"), Decimal("1.0000")
SIDES = st.sampled_from([Side.BUY, Side.SELL])
QUANTITIES = st.integers(min_value=100, max_value=30_000).map(lambda tenths: Decimal(tenths) / 10)
# Percent from the price to the protective stop; below 0 the stop is already crossed and the exchange refuses it
STOP_DISTANCES = st.none() | st.integers(min_value=-2, max_value=10)
SAFE_STOP_DISTANCES = st.none() | st.integers(min_value=1, max_value=10)
FAULTS = ("drop", "duplicate", "reorder", "hold", "reconnect")
LOST = st.sampled_from([Fault.LOSE_REQUEST, Fault.LOSE_RESPONSE])


def step(method: Callable[..., None]) -> Callable[..., None]:
    """Marks the machine unclean while a step runs, so teardown does not pile a second failure onto the first."""

    @functools.wraps(method)
    def guarded(self: BotAgainstTheExchange, *args: Any, **kwargs: Any) -> None:
        self.clean = False
        method(self, *args, **kwargs)
        self.clean = True

    return guarded


class BotAgainstTheExchange(RuleBasedStateMachine):
    """Each rule acts, then runs the bot's loop once; the log is checked after every step, the oracle once quiet."""

    def __init__(self) -> None:
        super().__init__()
        self._resources = ExitStack()
        folder = Path(self._resources.enter_context(tempfile.TemporaryDirectory(dir=scratch_folder())))
        runner = self._resources.enter_context(asyncio.Runner())
        self.world = World(folder, runner)
        self.log = LogWatch()
        self.clean = True

    # Commands, as the strategy or the dashboard queue them

    @rule(side=SIDES, quantity=QUANTITIES, stop=STOP_DISTANCES)
    @step
    def strategy_enters_at_market(self, side: Side, quantity: Decimal, stop: int | None) -> None:
        self._strategy(PlaceOrder(side, OrderType.MARKET, quantity, stop_price=self._stop(side, stop)))

    @rule(
        side=SIDES,
        quantity=QUANTITIES,
        away=st.integers(min_value=-20, max_value=40),
        time_in_force=st.sampled_from([TimeInForce.GTC, TimeInForce.IOC]),
        stop=STOP_DISTANCES,
    )
    @step
    def strategy_enters_with_a_limit(
        self, side: Side, quantity: Decimal, away: int, time_in_force: TimeInForce, stop: int | None
    ) -> None:
        price = self._bounded(self.world.price() - side.sign * away * TICK)
        self._strategy(
            PlaceOrder(
                side,
                OrderType.LIMIT,
                quantity,
                price=price,
                time_in_force=time_in_force,
                stop_price=self._stop(side, stop),
            )
        )

    @rule(data=st.data())
    @step
    def user_cancels_an_order(self, data: st.DataObject) -> None:
        # Any order the bot ever placed: a closed one is the exchange's -2011, which the command must survive
        candidates = sorted(self._our_orders())
        if not candidates:
            return
        client_id, conditional = data.draw(st.sampled_from(candidates))
        self._user(CancelOrder(client_id, conditional))

    @rule()
    @step
    def user_cancels_everything(self) -> None:
        self._user(CancelAll())

    @rule()
    @step
    def user_closes_the_position(self) -> None:
        self._user(ClosePosition())

    # The market and the account's other users

    @rule(ticks=st.integers(min_value=-300, max_value=300).filter(bool))
    @step
    def price_moves(self, ticks: int) -> None:
        self.world.engine.on_price(SYMBOL, self._bounded(self.world.price() + ticks * TICK))
        self.world.cycle()

    @rule(side=SIDES, quantity=QUANTITIES, away=st.none() | st.integers(min_value=-5, max_value=30))
    @step
    def someone_trades_by_hand(self, side: Side, quantity: Decimal, away: int | None) -> None:
        kind = OrderType.MARKET if away is None else OrderType.LIMIT
        price = None if away is None else self._bounded(self.world.price() - side.sign * away * TICK)
        tif = None if away is None else TimeInForce.GTC
        with suppress(SimError):  # refused by hand (min notional, margin): nothing happened
            self.world.engine.place_order(SYMBOL, side, kind, quantity, price=price, time_in_force=tif, by_hand=True)
        self.world.cycle()

    @rule(data=st.data())
    @step
    def someone_cancels_by_hand(self, data: st.DataObject) -> None:
        engine = self.world.engine
        regular = [("order", o.order_id) for o in engine.open_orders(SYMBOL)]
        algos = [("algo", a.algo_id) for a in engine.open_algo_orders(SYMBOL)]
        if regular or algos:
            kind, order_id = data.draw(st.sampled_from([*regular, *algos]))
            if kind == "order":
                engine.cancel_order(SYMBOL, order_id=order_id)
            else:
                engine.cancel_algo(algo_id=order_id)
        self.world.cycle()

    @rule(rate=st.sampled_from([Decimal("-0.0005"), Decimal("0.0001"), Decimal("0.001")]))
    @step
    def funding_is_settled(self, rate: Decimal) -> None:
        self.world.engine.apply_funding(SYMBOL, rate, self.world.price(), self.world.exchange.clock.now())
        self.world.cycle()

    # Faults

    @rule(fault=st.sampled_from(FAULTS), data=st.data())
    @step
    def the_stream_misbehaves(self, fault: str, data: st.DataObject) -> None:
        pending = self.world.pending
        if not pending:
            self.world.cycle()
            return
        if fault == "reconnect":
            self.world.reconnect()
            return
        if fault == "reorder":
            pending[:] = [pending[i] for i in data.draw(st.permutations(range(len(pending))))]
            self.world.cycle()
            return
        chosen = data.draw(st.sets(st.integers(min_value=0, max_value=len(pending) - 1), min_size=1))
        picked = [message for i, message in enumerate(pending) if i in chosen]
        if fault == "duplicate":
            pending.extend(picked)
        else:
            pending[:] = [message for i, message in enumerate(pending) if i not in chosen]
        self.world.cycle()
        if fault == "hold":
            self.world.held.extend(picked)

    @rule(seconds=st.sampled_from([1, 5, 31]), hear=st.booleans())
    @step
    def time_passes(self, seconds: int, hear: bool) -> None:
        self.world.cycle(timedelta(seconds=seconds), hear=hear)

    @rule(side=SIDES, quantity=QUANTITIES)
    @step
    def a_stale_snapshot_arrives_after_a_fill(self, side: Side, quantity: Decimal) -> None:
        """R13: the REST answer was collected before a fill the stream has already told of; it must not undo it."""
        self.world.quiesce()
        self.world.runner.run(self.world.gateway.freeze())
        with suppress(SimError):
            self.world.engine.place_order(SYMBOL, side, OrderType.MARKET, quantity, by_hand=True)
        self.world.deliver()
        self.world.cycle(POLL)
        self.world.gateway.thaw()
        assert_state_matches(self.world.bot.projector.state, self.world.engine.oracle)

    @rule(graceful=st.booleans())
    @step
    def the_bot_restarts(self, graceful: bool) -> None:
        self.world.restart(graceful)
        assert_rebuild_is_identical(self.world.bot)

    @rule(
        failpoint=st.sampled_from(FAILPOINTS),
        nth=st.integers(min_value=1, max_value=2),
        side=SIDES,
        quantity=QUANTITIES,
        stop=SAFE_STOP_DISTANCES,
    )
    @step
    def the_bot_dies_at_a_failpoint(
        self, failpoint: str, nth: int, side: Side, quantity: Decimal, stop: int | None
    ) -> None:
        # Restricted (see AFTER_THE_READ): the restarted bot finishes the entry in its boot's millisecond, so a stop the
        # exchange refuses (crossed, or reduce-only against the position) must not make it flatten back to the read
        held = self.world.engine.oracle.position(SYMBOL).amount * side.sign
        entry = PlaceOrder(side, OrderType.MARKET, quantity, stop_price=self._stop(side, stop if held >= 0 else None))
        self.world.submit(entry, ActorKind.STRATEGY, STRATEGY_PRIORITY)
        if self.world.crash_at(failpoint, nth):
            assert_rebuild_is_identical(self.world.bot)

    @rule(lost=LOST, failed_lookups=st.integers(min_value=0, max_value=2), side=SIDES, quantity=QUANTITIES)
    @precondition(lambda self: not self.world.unsettled())
    @step
    def a_placement_times_out(self, lost: Fault, failed_lookups: int, side: Side, quantity: Decimal) -> None:
        """R2: the request or its answer is lost; the executor looks the order up instead of sending it blind, and
        while the lookups time out too the command waits, SENT, for a later pass to settle it."""
        # Restricted (see AFTER_THE_READ): that pass settles it in its read's millisecond, so one entry at a time and
        # no stop, which could be refused by then and flattened back to the read
        self.world.flaky.script_place(lost)
        self.world.flaky.fail_lookups(failed_lookups)
        self._strategy(PlaceOrder(side, OrderType.MARKET, quantity))

    # Checks

    @rule()
    @step
    def everything_converges_once_quiet(self) -> None:
        self._converged()

    @invariant()
    @step
    def the_log_is_whole_and_never_goes_back(self) -> None:
        self.log.check(self.world.bot)

    def teardown(self) -> None:
        try:
            if self.clean:
                self._converged()
        finally:
            self.world.bot.die()
            self._resources.close()

    def _converged(self) -> None:
        self.world.quiesce()
        oracle, bot = self.world.engine.oracle, self.world.bot
        assert_no_duplicate_orders(oracle, bot)
        assert_commands_settled(bot)
        assert_equal_to_oracle(oracle, bot)
        assert_rebuild_is_identical(bot)
        assert_database_intact(bot)

    # Helpers

    def _strategy(self, payload: CommandPayload) -> None:
        self.world.submit(payload, ActorKind.STRATEGY, STRATEGY_PRIORITY)
        self.world.cycle()

    def _user(self, payload: CommandPayload) -> None:
        self.world.submit(payload, ActorKind.USER, USER_PRIORITY)
        self.world.cycle()

    def _stop(self, side: Side, percent: int | None) -> Decimal | None:
        if percent is None:
            return None
        return self._bounded(self.world.price() * (1 - side.sign * Decimal(percent) / 100))

    @staticmethod
    def _bounded(price: Decimal) -> Decimal:
        return min(max(price, LOWEST), HIGHEST).quantize(TICK, rounding=ROUND_DOWN)

    def _our_orders(self) -> set[tuple[str, bool]]:
        oracle = self.world.engine.oracle
        regular = {(o.client_order_id, False) for o in oracle.orders if o.algo_id is None}
        algos = {(a.client_algo_id, True) for a in oracle.algo_orders}
        return {(client_id, conditional) for client_id, conditional in regular | algos if is_ours(client_id)}


BotAgainstTheExchange.TestCase.settings = settings(
    max_examples=80,
    stateful_step_count=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestTheBotAgreesWithTheExchangeAfterAnySequenceOfSteps = BotAgainstTheExchange.TestCase


def test_a_reconcile_in_the_cycle_of_a_fill_over_two_price_levels_holds_against_its_stream_snapshots() -> None:
    """The first sequence this machine shrank to (domain/reconciliation.py's `_as_of` was the fix): the restarted
    bot sends the entry and reconciles in one cycle, then hears the stream's partial snapshots of that millisecond."""
    machine = BotAgainstTheExchange()
    try:
        machine.strategy_enters_at_market(side=Side.BUY, quantity=Decimal("10"), stop=None)
        machine.the_bot_dies_at_a_failpoint(
            failpoint=MID_FILL_PROCESSING, nth=1, side=Side.BUY, quantity=Decimal("400.1"), stop=None
        )
        machine.everything_converges_once_quiet()
    finally:
        machine.teardown()
