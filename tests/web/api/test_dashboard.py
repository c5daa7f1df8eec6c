"""GET /api/dashboard: everything the dashboard shows, read from the projections, the settings and the clock."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.memory.clock import DEFAULT_START
from domain.daily_loss import day_start_equity
from domain.projections.rows import PnlDay
from domain.risk import DAILY_LOSS_LIMIT, AccountView, ProposedOrder, Rejected, RiskLimits, check_order
from domain.values import EngineState, Side
from tests.harness.builders import RULES, EventFactory
from tests.web.api.conftest import Api
from tests.web.api.test_dashboard_market import publish

pytestmark = pytest.mark.anyio


@pytest.fixture
def events() -> EventFactory:
    # The clock of the container starts at DEFAULT_START: "today" is that UTC day
    return EventFactory(start=DEFAULT_START)


async def dashboard(api: Api) -> dict:
    response = await api.get("/api/dashboard")
    assert response.status_code == 200
    return await response.get_json()


async def test_an_empty_store_gives_a_flat_position_and_zero_pnl(api: Api) -> None:
    body = await dashboard(api)

    assert (body["mode"], body["symbol"], body["engine"]) == ("sim", "XRPUSDT", None)
    assert body["position"]["side"] == "FLAT" and body["position"]["quantity"] == "0"
    assert body["pnl"]["total"] == {"realized_pnl": "0", "fees": "0", "funding": "0", "net": "0"}
    assert (body["balances"], body["open_orders"], body["recent_trades"]) == ([], [], [])
    # No wallet reported yet: the asset is the symbol's quote asset, and no limit can be measured
    assert body["daily_loss"] == {
        "asset": "USDT",
        "used": "0",
        "limit": None,
        "limit_fraction": "0.05",
        "day_start_equity": None,
        "unrealized_pnl": None,
        "reached": False,
    }


async def test_a_fill_shows_in_position_trades_and_todays_pnl(api: Api, events: EventFactory) -> None:
    api.store(
        events.balance(wallet="1000"),
        events.trade(1, qty="10", price="0.5", realized_pnl="0"),
        events.fee(1, amount="0.01"),
        events.trade(2, side="SELL", qty="4", price="0.55", realized_pnl="0.2"),
    )

    body = await dashboard(api)

    assert body["position"] | {"updated_at": None} == {
        "symbol": "XRPUSDT",
        "side": "LONG",
        "quantity": "6",
        "entry_price": "0.5",
        "realized_pnl": "0.2",
        "leverage": None,
        "updated_at": None,
    }
    assert [t["trade_id"] for t in body["recent_trades"]] == [2, 1]
    assert body["recent_trades"][1]["fee"] == "0.01"
    assert body["pnl"]["today"] == {"realized_pnl": "0.2", "fees": "0.01", "funding": "0", "net": "0.19"}
    assert (body["last_event_seq"], body["projection_checkpoint"]) == (4, 4)


async def test_open_orders_include_conditional_ones(api: Api, events: EventFactory) -> None:
    api.store(events.order_placed(1), events.order_placed(2, conditional=True))

    orders = (await dashboard(api))["open_orders"]

    assert [(o["order_id"], o["conditional"], o["order_type"]) for o in orders] == [
        (1, False, "LIMIT"),
        (2, True, "STOP_MARKET"),
    ]
    assert orders[1]["trigger_price"] == "0.45" and orders[1]["price"] is None


async def test_the_engine_state_is_shown_with_its_reason(api: Api, events: EventFactory) -> None:
    api.store(events.engine_state(EngineState.PAUSED, reason="paused by alice"))

    engine = (await dashboard(api))["engine"]

    assert (engine["state"], engine["reason"]) == ("PAUSED", "paused by alice")


async def test_the_daily_loss_used_is_measured_against_the_limit_times_day_start_equity(
    api: Api,
    events: EventFactory,
) -> None:
    api.store(
        events.balance(wallet="990"),
        events.trade(1, realized_pnl="-9.5"),
        events.fee(1, amount="0.5"),
    )

    loss = (await dashboard(api))["daily_loss"]

    # day start = 990 - (-10) = 1000; the default limit is 5 % of it
    assert loss == {
        "asset": "USDT",
        "used": "10.0",
        "limit": "50.000",
        "limit_fraction": "0.05",
        "day_start_equity": "1000.0",
        "unrealized_pnl": "0.0",
        "reached": False,
    }


async def test_the_daily_loss_shown_counts_the_unrealized_loss_the_risk_guard_counts(
    api: Api,
    events: EventFactory,
) -> None:
    # Realized: -9.5 - 0.5 fee = -10; long 100 from 0.5 marked at 0.1: -40 unrealized; 50 = 5 % of 1000 is the limit
    api.store(
        events.balance(wallet="990"),
        events.trade(1, qty="100", price="0.5", realized_pnl="-9.5"),
        events.fee(1, amount="0.5"),
    )
    publish(api, "0.1")

    loss = (await dashboard(api))["daily_loss"]

    assert (loss["used"], loss["unrealized_pnl"], loss["limit"], loss["reached"]) == ("50.0", "-40.0", "50.000", True)
    # The guard, given the same account, refuses new exposure at exactly the figure shown
    today = PnlDay(DEFAULT_START.date(), Decimal("-9.5"), Decimal("0.5"), Decimal("0"))
    start = day_start_equity(Decimal("990"), today)
    account = AccountView(Decimal("950"), start, today, Decimal("-40"), Decimal("100"))
    limits = RiskLimits(max_risk_per_trade=Decimal("0.02"), daily_loss_limit=Decimal(loss["limit_fraction"]))
    order = ProposedOrder(Side.BUY, Decimal("100"), Decimal("0.1"), stop_price=Decimal("0.09"))
    verdict = check_order(order, RULES, account, limits)
    assert isinstance(verdict, Rejected) and verdict.rule == DAILY_LOSS_LIMIT
    assert (verdict.payload.value, verdict.payload.limit) == (Decimal(loss["used"]), Decimal(loss["limit"]))


async def test_pnl_of_earlier_days_counts_in_the_total_but_not_today(api: Api) -> None:
    yesterday = EventFactory(start=datetime(2025, 12, 31, 12, tzinfo=UTC), prefix="old")
    api.store(yesterday.trade(1, realized_pnl="3"), yesterday.funding(amount="-1"))

    pnl = (await dashboard(api))["pnl"]

    assert pnl["day"] == "2026-01-01"
    assert pnl["today"]["net"] == "0"
    assert pnl["total"] == {"realized_pnl": "3", "fees": "0", "funding": "-1", "net": "2"}


async def test_the_dashboard_follows_the_configured_symbol(api: Api) -> None:
    response = await api.put("/api/config/trading", json={"value": {"symbol": "BTCUSDT", "account_id": "main"}})
    assert response.status_code == 200

    body = await dashboard(api)

    assert (body["symbol"], body["position"]["symbol"]) == ("BTCUSDT", "BTCUSDT")


async def test_the_dashboard_needs_a_login(api: Api) -> None:
    response = await api.client.get("/api/dashboard")

    assert response.status_code == 401
