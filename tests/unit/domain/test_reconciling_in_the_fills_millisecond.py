"""A pass that reads the exchange in a fill's own millisecond holds against that fill's partial stream snapshots."""

from __future__ import annotations

from decimal import Decimal

from domain.events import BalanceChanged, PositionChanged
from domain.projections.state import ProjectionState
from domain.values import Source
from tests.harness.builders import (
    SYMBOL,
    EventFactory,
    at,
    balance_report,
    fold,
    position_report,
    reconcile_against,
    snapshot,
)

D = Decimal
# Found by R25 (tests/property/test_bot_against_the_exchange.py): on the simulation's clock the bot's own market order
# and a due pass share one cycle, so the read is stamped with the fill's millisecond; the stream's partial snapshots of
# that order, folded after the correction with the same stamp, won the tie (the known issue of ADR 0028)
FILL_TIME = at(5)


def fold_rest_then_stream(state: ProjectionState, rest: list, stream: list) -> None:
    rest_events, stream_events = EventFactory(start=at(6), prefix="rest"), EventFactory(start=at(7), prefix="ws")
    for payload in rest:
        state.apply(rest_events.event(payload, source=Source.REST))
    for payload in stream:
        state.apply(stream_events.event(payload, source=Source.WS))


def test_a_position_read_in_the_fills_millisecond_is_not_undone_by_that_fills_partial_stream_snapshot() -> None:
    state = fold([EventFactory().position(qty="1", entry_price="0.5", changed_at=FILL_TIME)])
    exchange = snapshot(position=position_report(qty="3", entry_price="0.5", updated_at=FILL_TIME), taken_at=FILL_TIME)

    fold_rest_then_stream(
        state, reconcile_against(exchange, state), [PositionChanged(D("2"), D("0.5"), "ORDER", FILL_TIME)]
    )

    assert state.position(SYMBOL).quantity == D("3")


def test_a_balance_read_in_the_fills_millisecond_is_not_undone_by_that_fills_partial_stream_snapshot() -> None:
    state = fold([EventFactory().balance(wallet="1000", changed_at=FILL_TIME)])
    exchange = snapshot(balances=[balance_report(wallet="998", updated_at=FILL_TIME)], taken_at=FILL_TIME)

    fold_rest_then_stream(
        state, reconcile_against(exchange, state), [BalanceChanged("USDT", D("999"), D("999"), "ORDER", FILL_TIME)]
    )

    assert [balance.wallet_balance for balance in state.balances()] == [D("998")]


def test_a_fill_made_later_in_the_reads_millisecond_is_taken_in_by_the_next_pass() -> None:
    # Stamped alike, a fill after the read cannot be told from one inside it: the fold skips it, the next pass must not
    state = fold([EventFactory().position(qty="1", entry_price="0.5", changed_at=FILL_TIME)])
    first = snapshot(position=position_report(qty="3", entry_price="0.5", updated_at=FILL_TIME), taken_at=FILL_TIME)
    fold_rest_then_stream(state, reconcile_against(first, state), [])
    state.apply(EventFactory(start=at(7), prefix="ws").trade(9, qty="1", price="0.5", executed_at=FILL_TIME))

    later = snapshot(position=position_report(qty="4", entry_price="0.5", updated_at=FILL_TIME), taken_at=at(8))
    fold_rest_then_stream(state, reconcile_against(later, state), [])

    assert state.position(SYMBOL).quantity == D("4")


def test_a_balance_change_made_later_in_the_reads_millisecond_is_taken_in_by_the_next_pass() -> None:
    state = fold([EventFactory().balance(wallet="1000", changed_at=FILL_TIME)])
    first = snapshot(balances=[balance_report(wallet="998", updated_at=FILL_TIME)], taken_at=FILL_TIME)
    fold_rest_then_stream(
        state, reconcile_against(first, state), [BalanceChanged("USDT", D("997"), D("997"), "FUNDING_FEE", FILL_TIME)]
    )

    later = snapshot(balances=[balance_report(wallet="997", updated_at=FILL_TIME)], taken_at=at(8))
    fold_rest_then_stream(state, reconcile_against(later, state), [])

    assert [balance.wallet_balance for balance in state.balances()] == [D("997")]
