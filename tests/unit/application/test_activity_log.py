"""The activity log: the live projector reports each folded fact an operator follows, one line each."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

import pytest

from adapters.memory.event_store import InMemoryEventStore
from adapters.memory.projection_store import InMemoryProjectionStore
from application.activity_log import log_activity
from application.projector import Projector
from domain.events import CommandExpired, DriftDetected, MarginCalled, StoredEvent, TradeAttributed
from domain.projections.state import RowChange
from tests.harness.builders import OUR_CLIENT_ID, T0, EventFactory


def activity(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "alphaengine.activity"]


def test_orders_trades_and_the_orders_end_are_reported_but_not_its_partial_updates(
    caplog: pytest.LogCaptureFixture,
) -> None:
    factory, events = EventFactory(), InMemoryEventStore()
    events.append(
        [
            factory.order_placed(7, client_order_id="ae-abc-main", qty="10", price="0.5"),
            factory.order_updated(
                7, client_order_id="ae-abc-main", qty="10", status="PARTIALLY_FILLED", filled_qty="4"
            ),
            factory.trade(70, qty="4", price="0.5"),
            factory.order_updated(
                7, client_order_id="ae-abc-main", qty="10", status="FILLED", filled_qty="10", avg_price="0.5"
            ),
            factory.event(DriftDetected("position", "XRPUSDT", "quantity", "10", "9")),
            factory.fee(70),
        ]
    )
    caplog.set_level(logging.INFO, logger="alphaengine.activity")

    Projector(events, InMemoryProjectionStore(), observer=log_activity).catch_up()

    assert [level for level, _ in activity(caplog)] == ["INFO", "INFO", "INFO", "WARNING"]
    placed, trade, filled, drift = (message for _, message in activity(caplog))
    assert placed == "order placed: BUY LIMIT 10 @ 0.5 (ae-abc-main) [SIM]"
    assert trade.startswith("trade 70: BUY 4 @ 0.5, realized ")
    assert filled == "order FILLED: BUY LIMIT 10 @ 0.5 (ae-abc-main), filled 10 @ 0.5 [SIM]"
    assert drift == "drift in position XRPUSDT quantity: local 10, exchange 9 (corrected) [SIM]"


def test_a_failing_observer_neither_stops_the_catch_up_nor_folds_twice(caplog: pytest.LogCaptureFixture) -> None:
    factory, events, projections = EventFactory(), InMemoryEventStore(), InMemoryProjectionStore()
    events.append([factory.trade(1), factory.trade(2)])
    seen: list[int] = []

    def broken(stored: StoredEvent, changes: list[RowChange]) -> None:
        seen.append(stored.seq)
        raise RuntimeError("cannot describe")

    projector = Projector(events, projections, observer=broken)
    applied = (projector.catch_up(), projector.catch_up())

    assert applied == (2, 0) and seen == [1, 2]
    assert projections.checkpoint() == 2
    assert "observing event 1 failed" in caplog.text


def test_a_position_snapshot_is_reported_only_when_the_fold_takes_it(caplog: pytest.LogCaptureFixture) -> None:
    factory, events = EventFactory(), InMemoryEventStore()
    fresh = factory.position(qty="30", entry_price="0.5", reason="reconcile")
    stale = factory.position(qty="10", entry_price="0.5", changed_at=fresh.payload.changed_at - timedelta(seconds=1))
    events.append([fresh, stale])
    caplog.set_level(logging.INFO, logger="alphaengine.activity")

    Projector(events, InMemoryProjectionStore(), observer=log_activity).catch_up()

    assert [message for _, message in activity(caplog)] == ["position 30 @ 0.5 (reconcile) [SIM]"]


def test_an_expired_command_is_reported_with_its_expiry_and_claim(caplog: pytest.LogCaptureFixture) -> None:
    factory, events = EventFactory(), InMemoryEventStore()
    events.append([factory.event(CommandExpired("cmd-7", "ClosePosition", T0, T0 + timedelta(hours=2)))])
    caplog.set_level(logging.INFO, logger="alphaengine.activity")

    Projector(events, InMemoryProjectionStore(), observer=log_activity).catch_up()

    assert activity(caplog) == [
        (
            "WARNING",
            (
                "command ClosePosition cmd-7 expired: claimed 2026-01-05T14:00:00.000000Z, "
                "after its expiry 2026-01-05T12:00:00.000000Z; not executed [SIM]"
            ),
        )
    ]


def test_a_fill_attributed_after_the_fact_is_reported_once(caplog: pytest.LogCaptureFixture) -> None:
    factory, events = EventFactory(), InMemoryEventStore()
    attributed = TradeAttributed(5, 9, OUR_CLIENT_ID, "cmd-1")
    events.append(
        [factory.trade(5, order_id=9, client_order_id=None), factory.event(attributed), factory.event(attributed)]
    )
    caplog.set_level(logging.INFO, logger="alphaengine.activity")

    Projector(events, InMemoryProjectionStore(), observer=log_activity).catch_up()

    assert activity(caplog)[1:] == [
        ("INFO", f"trade 5 is the bot's own: order 9 {OUR_CLIENT_ID}, no longer external [SIM]")
    ]


def test_a_margin_call_is_a_warning_with_the_figures_of_each_position(caplog: pytest.LogCaptureFixture) -> None:
    factory, events = EventFactory(), InMemoryEventStore()
    crossed = MarginCalled(
        "ETHUSDT",
        "LONG",
        "CROSSED",
        Decimal("1.327"),
        Decimal("187.17127"),
        Decimal("-1.166074"),
        Decimal("1.614445"),
        Decimal("0"),
        Decimal("3.16812045"),
        T0,
    )
    isolated = MarginCalled(
        "XRPUSDT",
        "BOTH",
        "ISOLATED",
        Decimal("-3000"),
        Decimal("0.5302"),
        Decimal("-90.6"),
        Decimal("15.906"),
        Decimal("19.9"),
        None,
        T0,
    )
    events.append([factory.event(crossed), factory.event(isolated)])
    caplog.set_level(logging.INFO, logger="alphaengine.activity")

    Projector(events, InMemoryProjectionStore(), observer=log_activity).catch_up()

    assert activity(caplog) == [
        (
            "WARNING",
            (
                "MARGIN CALL ETHUSDT LONG 1.327 (CROSSED): mark 187.17127, unrealized -1.166074, maintenance "
                "margin 1.614445, cross wallet 3.16812045; the account nears liquidation [SIM]"
            ),
        ),
        (
            "WARNING",
            (
                "MARGIN CALL XRPUSDT BOTH -3000 (ISOLATED, isolated wallet 19.9): mark 0.5302, unrealized -90.6, "
                "maintenance margin 15.906; the account nears liquidation [SIM]"
            ),
        ),
    ]
