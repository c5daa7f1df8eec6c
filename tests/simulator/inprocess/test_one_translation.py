"""ADR 0055: the in-process face builds no domain fact itself; it renders the wire server's JSON and hands it to the
Binance adapter's translators, as dicts (the json.dumps/loads round trip is skipped, so it must change nothing)."""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters.binance.translate import (
    klines_from_rest,
    mark_price_from_rest,
    order_from_rest,
    translate_user_message,
    translate_user_object,
)
from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import UserDataEvent
from adapters.simulator.inprocess import SimulatedExchangeGateway
from adapters.simulator.inprocess.market_feed import market_klines, market_mark_price
from adapters.simulator.market.market import Market
from adapters.simulator.market.payloads import kline_row, premium_index_body
from adapters.simulator.server.bodies import order_body
from adapters.simulator.wire.user_data_json import user_data_json
from domain.values import Side
from tests.simulator.inprocess.conftest import SYMBOL, limit, market, stop

pytestmark = pytest.mark.anyio

INPROCESS = Path(__file__).resolve().parents[3] / "adapters" / "simulator" / "inprocess"
# The modules whose classes are the facts and reports a translator builds
FACT_MODULES = frozenset({"domain.events", "domain.reports"})
# What the face may name from them: the types of the port's signatures
ALLOWED = frozenset(
    {"OrderFacts", "BalanceReport", "IncomeReport", "Kline", "PositionReport", "SymbolRules", "TradeReport"}
)


def imported_fact_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in FACT_MODULES
        for alias in node.names
    }


def test_the_in_process_face_constructs_no_fact_of_its_own() -> None:
    builders = {
        f"{path.name}: {name}"
        for path in sorted(INPROCESS.glob("*.py"))
        for name in imported_fact_names(path) - ALLOWED
    }

    assert not (INPROCESS / "facts.py").exists()
    assert not builders, "translate through adapters/binance/translate instead of building these here"


def test_the_market_feed_builds_no_kline_or_mark_of_its_own() -> None:
    calls = {
        f"{path.name}: {node.func.attr}"
        for path in sorted(INPROCESS.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("to_kline", "mark_price")
        and not _is_ours(node.func.value)
    }

    assert not calls, "render the klines or premiumIndex body and translate it through adapters/binance/translate"


def _is_ours(node: ast.expr) -> bool:
    # The gateway's own source and the REST view's translation, not a market's figure
    return isinstance(node, ast.Name) and node.id in ("self", "wire_view")


async def test_the_market_feed_answers_what_the_translators_make_of_the_wire_bodies(
    engine: MatchingEngine,
    clock: ManualClock,
) -> None:
    gateway = SimulatedExchangeGateway(engine, clock)
    feed = Market.seeded(await gateway.symbol_rules(SYMBOL), 3, Decimal("0.5000"), clock.now())
    fed = SimulatedExchangeGateway(engine, clock, mark_price=market_mark_price(feed), klines=market_klines(feed))
    rows = as_json([kline_row(kline) for kline in feed.klines("1m", limit=5)])
    premium = as_json(premium_index_body(SYMBOL, feed.premium_index()))

    mark = mark_price_from_rest(premium, SYMBOL)

    assert await fed.klines(SYMBOL, "1m", 5) == klines_from_rest(rows, feed.now)
    assert mark is not None and await fed.mark_price(SYMBOL) == mark.mark_price


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value), parse_float=Decimal)


async def test_every_frame_translates_alike_as_rendered_and_as_sent(
    engine: MatchingEngine, gateway: SimulatedExchangeGateway
) -> None:
    events: list[UserDataEvent] = []
    engine.subscribe(events.append)
    await gateway.place_order(market(Side.BUY, "40"))
    await gateway.place_order(stop(Side.SELL, "0.4800"))
    await gateway.place_order(limit(Side.SELL, "20", "0.5100"))
    await gateway.set_leverage(SYMBOL, 7)
    engine.on_price(SYMBOL, Decimal("0.5200"))
    engine.on_price(SYMBOL, Decimal("0.4700"))

    frames = [user_data_json(event, engine.spec) for event in events]

    assert {frame["e"] for frame in frames} >= {
        "ORDER_TRADE_UPDATE",
        "TRADE_LITE",
        "ACCOUNT_UPDATE",
        "ALGO_UPDATE",
        "ACCOUNT_CONFIG_UPDATE",
    }
    for frame in frames:
        assert frame == as_json(frame)
        assert translate_user_object(frame, SYMBOL) == translate_user_message(json.dumps(frame), SYMBOL)


async def test_a_rest_answer_translates_alike_as_rendered_and_as_sent(
    engine: MatchingEngine, gateway: SimulatedExchangeGateway
) -> None:
    placed = await gateway.place_order(market(Side.BUY, "40"))
    order = engine.query_order(SYMBOL, orig_client_order_id=placed.client_order_id)
    body = order_body(order, engine.spec(SYMBOL))

    assert body == as_json(body)
    assert order_from_rest(body, SYMBOL) == order_from_rest(as_json(body), SYMBOL) == placed
