"""GET /api/trades and /api/equity: trade history by side and time, daily PnL with day-end equity, keyset pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.clock import DEFAULT_START
from tests.harness.builders import EventFactory
from tests.web.api.conftest import Api

pytestmark = pytest.mark.anyio
DAY = timedelta(days=1)


@pytest.fixture
def events() -> EventFactory:
    return EventFactory(start=DEFAULT_START - 3 * DAY)


async def body(api: Api, path: str, status: int = 200) -> dict:
    response = await api.get(path)
    assert response.status_code == status, await response.get_data(as_text=True)
    return await response.get_json()


async def test_trades_page_newest_first_by_cursor_until_a_short_page(api: Api, events: EventFactory) -> None:
    api.store(*(events.trade(n, side="BUY" if n % 2 else "SELL") for n in range(1, 6)))

    first = await body(api, "/api/trades?limit=2")
    second = await body(api, f"/api/trades?limit=2&before={first['next_before']}")
    third = await body(api, f"/api/trades?limit=2&before={second['next_before']}")

    pages = [[trade["trade_id"] for trade in page["trades"]] for page in (first, second, third)]
    assert pages == [[5, 4], [3, 2], [1]]
    assert third["next_before"] is None


async def test_trades_filter_by_side_and_time_range(api: Api, events: EventFactory) -> None:
    api.store(*(events.trade(n, side="BUY" if n % 2 else "SELL") for n in range(1, 6)))
    third = (await body(api, "/api/trades?limit=5"))["trades"][2]["executed_at"]

    sells = await body(api, "/api/trades?side=SELL")
    until_third = await body(api, f"/api/trades?to={third}")
    from_third_buys = await body(api, f"/api/trades?side=BUY&from={third}")

    assert [t["trade_id"] for t in sells["trades"]] == [4, 2]
    assert [t["trade_id"] for t in until_third["trades"]] == [2, 1]
    assert [t["trade_id"] for t in from_third_buys["trades"]] == [5, 3]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("side=LONG", "side"),
        ("before=yesterday", "before"),
        ("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from"),
        ("days=367", "days"),
    ],
)
async def test_a_bad_filter_is_a_400_naming_its_field(api: Api, query: str, field: str) -> None:
    path = "/api/equity" if query.startswith("days") else "/api/trades"
    found = await body(api, f"{path}?{query}", 400)

    assert found["field"] == field


async def test_equity_reads_each_days_end_back_from_todays_wallet_through_the_daily_nets(
    api: Api, events: EventFactory
) -> None:
    # Three days ago: +2 realized, 0.5 fee; yesterday: -1 realized; today: a 0.25 funding charge; wallet now 1000
    api.store(events.trade(1, realized_pnl="2"), events.fee(1, amount="0.5"))
    events.now += DAY
    api.store(events.trade(2, realized_pnl="-1"))
    events.now = DEFAULT_START
    api.store(events.funding(amount="-0.25"), events.balance(wallet="1000"))

    page = await body(api, "/api/equity")
    older = await body(api, "/api/equity?days=1&before=" + page["days"][1]["day"])

    assert (page["asset"], page["wallet_balance"], page["next_before"]) == ("USDT", "1000", None)
    assert [(d["net"], d["equity"]) for d in page["days"]] == [("-0.25", "1000"), ("-1", "1000.25"), ("1.5", "1001.25")]
    assert [(d["net"], d["equity"]) for d in older["days"]] == [("1.5", "1001.25")]
    assert older["next_before"] == page["days"][2]["day"]


async def test_equity_without_a_wallet_lists_the_days_without_a_balance(api: Api, events: EventFactory) -> None:
    api.store(events.trade(1, realized_pnl="2"))

    page = await body(api, "/api/equity")

    assert (page["asset"], page["wallet_balance"]) == (None, None)
    assert [(d["net"], d["equity"]) for d in page["days"]] == [("2", None)]


@pytest.mark.parametrize("cursor", ["9999-99-99T00:00:00Z_1", "2026-01-01T00:00:00Z_99999999999999999999"])
async def test_a_cursor_that_names_no_trade_is_a_400_naming_before(api: Api, cursor: str) -> None:
    found = await body(api, f"/api/trades?before={cursor}", 400)

    assert found["field"] == "before"
