"""Every user-data frame the simulator sends has the keys and JSON types of its real fixture (deviations named)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D
from typing import Any

import pytest

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.wire.encoding import encode_json
from adapters.simulator.wire.user_data_json import listen_key_expired_json, user_data_json
from tests.simulator.exchange.support import make_engine
from tests.simulator.server.support import fixture
from tests.simulator.shapes.shape import differences

EIGHT_O_CLOCK = datetime(2026, 1, 1, 8, tzinfo=UTC)


@pytest.fixture
def engine() -> MatchingEngine:
    return make_engine(ManualClock())


def sent(engine: MatchingEngine) -> list[dict[str, Any]]:
    """The frames of the events emitted since the last drain, as they go on the wire (encode_json checks types)."""
    frames = [user_data_json(event, engine.spec) for event in engine.drain_events()]
    for frame in frames:
        encode_json(frame)
    return frames


def the(frames: list[dict[str, Any]], kind: str, **inner: str) -> dict[str, Any]:
    matches = [f for f in frames if f["e"] == kind and all(f.get("o", {}).get(k) == v for k, v in inner.items())]
    assert len(matches) == 1, [f["e"] for f in frames]
    return matches[0]


def data(name: str) -> Any:
    """A fixture's payload, unwrapped from the combined-stream envelope some captures carry."""
    payload = fixture(name)
    return payload["data"] if "stream" in payload else payload


def test_a_limit_order_and_its_maker_fill_match_the_2026_captures(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "LIMIT", D("20"), D("0.4900"), "GTC")
    new = sent(engine)
    engine.on_price("XRPUSDT", D("0.4890"))
    fill = sent(engine)

    assert (
        differences(the(new, "ORDER_TRADE_UPDATE", x="NEW"), fixture("ws_order_trade_update_new_limit_2026.json")) == []
    )
    assert (
        differences(
            the(fill, "ORDER_TRADE_UPDATE", x="TRADE"), fixture("ws_order_trade_update_filled_limit_maker_2026.json")
        )
        == []
    )
    assert differences(the(fill, "TRADE_LITE"), fixture("ws_trade_lite_limit_fill_2026.json")) == []
    assert differences(the(fill, "ACCOUNT_UPDATE"), fixture("ws_account_update_order_fill_cross_2026.json")) == []
    assert [frame["e"] for frame in fill] == [frame["e"] for frame in fixture("ws_sequence_limit_fill_2026.json")]


def test_a_canceled_order_matches_the_2026_capture(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("20"), D("0.4900"), "GTC")
    engine.drain_events()
    engine.cancel_order("XRPUSDT", order.order_id)

    frame = the(sent(engine), "ORDER_TRADE_UPDATE", x="CANCELED")

    assert differences(frame, fixture("ws_order_trade_update_canceled_2026.json")) == []


def test_a_funding_fee_update_matches_the_capture_plus_the_2026_08_symbol(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("1000"))
    engine.drain_events()
    engine.apply_funding("XRPUSDT", D("0.0001"), D("0.5050"), EIGHT_O_CLOCK)

    frame = the(sent(engine), "ACCOUNT_UPDATE")

    # a.S came with the 2026-08 API change (API.md §0), after the capture
    assert differences(frame, fixture("ws_account_update_funding_fee_cross_2026.json")) == ["$.a.S: not in the fixture"]
    assert frame["a"]["S"] == "XRPUSDT" and frame["a"]["P"] == []


def test_the_algo_life_cycle_matches_the_algo_service_captures(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    engine.drain_events()
    engine.place_algo_order("XRPUSDT", "SELL", "STOP_MARKET", D("0.4800"), quantity=D("100"))
    new = sent(engine)
    engine.on_price("XRPUSDT", D("0.4800"))
    after = sent(engine)

    assert differences(the(new, "ALGO_UPDATE"), fixture("ws_algo_update_new_docs_example.json")) == []
    for status, name in (
        ("TRIGGERING", "ws_algo_update_triggering.json"),
        ("TRIGGERED", "ws_algo_update_triggered.json"),
        ("FINISHED", "ws_algo_update_finished_filled.json"),
    ):
        assert differences(the(after, "ALGO_UPDATE", X=status), data(name)) == [], status


def test_a_leverage_change_matches_the_docs_example(engine: MatchingEngine) -> None:
    engine.set_leverage("XRPUSDT", 7)

    frame = the(sent(engine), "ACCOUNT_CONFIG_UPDATE")

    assert differences(frame, fixture("ws_account_config_update_leverage_docs_example.json")) == []


def test_listen_key_expired_matches_the_capture_with_a_string_event_time() -> None:
    frame = listen_key_expired_json("K" * 64, 1767229200000)

    assert differences(frame, fixture("ws_listen_key_expired_2023.json")) == []
    assert frame["E"] == "1767229200000"
