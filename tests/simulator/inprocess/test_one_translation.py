"""ADR 0055: the in-process face builds no domain fact itself; it renders the wire server's JSON and hands it to the
Binance adapter's translators, as dicts (the json.dumps/loads round trip is skipped, so it must change nothing)."""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters.binance.translate import order_from_rest, translate_user_message, translate_user_object
from adapters.simulator.engine.engine import MatchingEngine
from adapters.simulator.engine.events import UserDataEvent
from adapters.simulator.inprocess import SimulatedExchangeGateway
from adapters.simulator.server.bodies import order_body
from adapters.simulator.wire.user_data_json import user_data_json
from domain.values import Side
from tests.simulator.inprocess.conftest import SYMBOL, limit, market, stop

pytestmark = pytest.mark.anyio

INPROCESS = Path(__file__).resolve().parents[3] / "adapters" / "simulator" / "inprocess"
# The modules whose classes are the facts and reports a translator builds
FACT_MODULES = frozenset({"domain.events", "domain.reports"})
# What the face may name from them: port signatures, and Kline, which the market source hands over as is
ALLOWED = frozenset({"OrderFacts", "BalanceReport", "IncomeReport", "Kline", "PositionReport", "SymbolRules",
                     "TradeReport"})


def imported_fact_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module in FACT_MODULES
            for alias in node.names}


def test_the_in_process_face_constructs_no_fact_of_its_own() -> None:
    builders = {f"{path.name}: {name}" for path in sorted(INPROCESS.glob("*.py"))
                for name in imported_fact_names(path) - ALLOWED}

    assert not (INPROCESS / "facts.py").exists()
    assert not builders, "translate through adapters/binance/translate instead of building these here"


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value), parse_float=Decimal)


async def test_every_frame_translates_alike_as_rendered_and_as_sent(engine: MatchingEngine,
                                                                    gateway: SimulatedExchangeGateway) -> None:
    events: list[UserDataEvent] = []
    engine.subscribe(events.append)
    await gateway.place_order(market(Side.BUY, "40"))
    await gateway.place_order(stop(Side.SELL, "0.4800"))
    await gateway.place_order(limit(Side.SELL, "20", "0.5100"))
    await gateway.set_leverage(SYMBOL, 7)
    engine.on_price(SYMBOL, Decimal("0.5200"))
    engine.on_price(SYMBOL, Decimal("0.4700"))

    frames = [user_data_json(event, engine.spec) for event in events]

    assert {frame["e"] for frame in frames} >= {"ORDER_TRADE_UPDATE", "TRADE_LITE", "ACCOUNT_UPDATE", "ALGO_UPDATE",
                                               "ACCOUNT_CONFIG_UPDATE"}
    for frame in frames:
        assert frame == as_json(frame)
        assert translate_user_object(frame, SYMBOL) == translate_user_message(json.dumps(frame), SYMBOL)


async def test_a_rest_answer_translates_alike_as_rendered_and_as_sent(engine: MatchingEngine,
                                                                     gateway: SimulatedExchangeGateway) -> None:
    placed = await gateway.place_order(market(Side.BUY, "40"))
    order = engine.query_order(SYMBOL, orig_client_order_id=placed.client_order_id)
    body = order_body(order, engine.spec(SYMBOL))

    assert body == as_json(body)
    assert order_from_rest(body, SYMBOL) == order_from_rest(as_json(body), SYMBOL) == placed
