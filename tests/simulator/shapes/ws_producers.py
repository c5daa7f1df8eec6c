"""How to make the simulator emit the frame of each WebSocket fixture: user-data frames from the engine, market frames
from the seeded market, encoded exactly as the wire sends them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal as D
from typing import Any

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.market.payloads import agg_trade_event, book_ticker_event, kline_event, mark_price_event
from adapters.simulator.wire.user_data_json import listen_key_expired_json, user_data_json
from domain.times import epoch_ms
from tests.simulator.exchange.support import make_engine
from tests.simulator.server.support import manual_simulation

Frame = dict[str, Any]
EIGHT_O_CLOCK = datetime(2026, 1, 1, 8, tzinfo=UTC)
BEP_2021 = {"$.a.P[0].bep": "Binance added the break-even price `bep` after these 2021 captures (API.md §7)"}


def frames(engine: MatchingEngine) -> list[Frame]:
    return [user_data_json(event, engine.spec) for event in engine.drain_events()]


def the(sent: list[Frame], kind: str, **inner: str) -> Frame:
    found = [f for f in sent if f["e"] == kind and all(f.get("o", {}).get(k) == v for k, v in inner.items())]
    assert len(found) == 1, [f["e"] for f in sent]
    return found[0]


def limit_order_frames() -> tuple[list[Frame], list[Frame]]:
    engine = make_engine(ManualClock())
    engine.place_order("XRPUSDT", "BUY", "LIMIT", D("20"), D("0.4900"), "GTC")
    placed = frames(engine)
    engine.on_price("XRPUSDT", D("0.4890"))
    return placed, frames(engine)


def market_order_frames() -> list[Frame]:
    engine = make_engine(ManualClock())
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("20"))
    return frames(engine)


def closing_fill() -> Frame:
    engine = make_engine(ManualClock())
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("20"))
    engine.drain_events()
    engine.place_order("XRPUSDT", "SELL", "MARKET", D("20"))
    return the(frames(engine), "ORDER_TRADE_UPDATE", x="TRADE")


def canceled() -> Frame:
    engine = make_engine(ManualClock())
    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("20"), D("0.4900"), "GTC")
    engine.drain_events()
    engine.cancel_order("XRPUSDT", order.order_id)
    return the(frames(engine), "ORDER_TRADE_UPDATE", x="CANCELED")


def expired_ioc() -> Frame:
    engine = make_engine(ManualClock())
    engine.place_order("XRPUSDT", "BUY", "LIMIT", D("20"), D("0.4000"), "IOC")
    return the(frames(engine), "ORDER_TRADE_UPDATE", x="EXPIRED")


def funding_update() -> Frame:
    engine = make_engine(ManualClock())
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("1000"))
    engine.drain_events()
    engine.apply_funding("XRPUSDT", D("0.0001"), D("0.5050"), EIGHT_O_CLOCK)
    return the(frames(engine), "ACCOUNT_UPDATE")


def isolated_fills() -> tuple[Frame, Frame]:
    """ACCOUNT_UPDATE of opening, then of closing, an isolated short (ADR 0087)."""
    engine = make_engine(ManualClock())
    engine.set_margin_type("XRPUSDT", True)
    engine.place_order("XRPUSDT", "SELL", "MARKET", D("150"))
    opened = the(frames(engine), "ACCOUNT_UPDATE")
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("150"))
    return opened, the(frames(engine), "ACCOUNT_UPDATE")


def algo_frames() -> list[Frame]:
    engine = make_engine(ManualClock())
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    engine.drain_events()
    engine.place_algo_order("XRPUSDT", "SELL", "STOP_MARKET", D("0.4800"), quantity=D("100"))
    engine.on_price("XRPUSDT", D("0.4800"))
    return [f for f in frames(engine) if f["e"] == "ALGO_UPDATE"]


def algo(status: str) -> Frame:
    return next(f for f in algo_frames() if f["o"]["X"] == status)


def algo_finished_unfilled() -> Frame:
    engine = make_engine(ManualClock())
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    algo_order = engine.place_algo_order("XRPUSDT", "SELL", "STOP_MARKET", D("0.4800"), quantity=D("100"))
    engine.drain_events()
    engine.cancel_algo(algo_id=algo_order.algo_id)
    return the(frames(engine), "ALGO_UPDATE")


def liquidation_fill() -> Frame:
    """100 USDT in 3000 XRP bought near 0.5000 and a mark of 0.4600: the autoclose order's x=CALCULATED frame."""
    engine = make_engine(ManualClock(), balance="100")
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("3000"))
    engine.drain_events()
    engine.on_price("XRPUSDT", D("0.4600"))
    return the(frames(engine), "ORDER_TRADE_UPDATE", x="CALCULATED")


def margin_call() -> Frame:
    engine = make_engine(ManualClock(), balance="100")
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("3000"))
    engine.drain_events()
    engine.on_price("XRPUSDT", D("0.4702"))
    return the(frames(engine), "MARGIN_CALL")


def leverage_update() -> Frame:
    engine = make_engine(ManualClock())
    engine.set_leverage("XRPUSDT", 7)
    return the(frames(engine), "ACCOUNT_CONFIG_UPDATE")


def market_frame(kind: str) -> Frame:
    simulation = manual_simulation()
    update = simulation.market.price_update()
    if kind == "kline":
        return kline_event("XRPUSDT", simulation.market.klines("1m", limit=1)[0], epoch_ms(update.time))
    if kind == "markPrice":
        return mark_price_event("XRPUSDT", simulation.market.premium_index())
    return (agg_trade_event if kind == "aggTrade" else book_ticker_event)("XRPUSDT", update)


# fixture → (frame producer, {difference path: why the simulator differs})
WS_PRODUCERS: dict[str, tuple[Callable[[], Frame], dict[str, str]]] = {
    "ws_order_trade_update_new_limit_2026.json": (lambda: the(limit_order_frames()[0], "ORDER_TRADE_UPDATE"), {}),
    "ws_order_trade_update_filled_limit_maker_2026.json": (
        lambda: the(limit_order_frames()[1], "ORDER_TRADE_UPDATE", x="TRADE"),
        {},
    ),
    "ws_trade_lite_limit_fill_2026.json": (lambda: the(limit_order_frames()[1], "TRADE_LITE"), {}),
    "ws_account_update_order_fill_cross_2026.json": (lambda: the(limit_order_frames()[1], "ACCOUNT_UPDATE"), {}),
    "ws_order_trade_update_canceled_2026.json": (canceled, {}),
    "ws_account_update_funding_fee_cross_2026.json": (
        funding_update,
        {"$.a.S": "Binance added the symbol to FUNDING_FEE updates in 2026-08 (API.md §0), after the capture"},
    ),
    "ws_algo_update_new_docs_example.json": (lambda: algo("NEW"), {}),
    "ws_algo_update_triggering.json": (lambda: algo("TRIGGERING"), {}),
    "ws_algo_update_triggered.json": (lambda: algo("TRIGGERED"), {}),
    "ws_algo_update_finished_filled.json": (lambda: algo("FINISHED"), {}),
    "ws_account_config_update_leverage_docs_example.json": (leverage_update, {}),
    "ws_margin_call_docs_example.json": (margin_call, {}),
    "ws_account_update_isolated_short_open_2021.json": (lambda: isolated_fills()[0], BEP_2021),
    "ws_account_update_isolated_position_closed_2021.json": (lambda: isolated_fills()[1], BEP_2021),
    "ws_listen_key_expired_2023.json": (lambda: listen_key_expired_json("K" * 64, 1767229200000), {}),
    "ws_kline_1m_docs_example.json": (lambda: market_frame("kline"), {}),
    "ws_mark_price_update_docs_example.json": (lambda: market_frame("markPrice"), {}),
    "ws_agg_trade_docs_example.json": (lambda: market_frame("aggTrade"), {}),
    "ws_book_ticker_docs_example.json": (lambda: market_frame("bookTicker"), {}),
}

ER_2024 = "the expiry reason `er` came after this 2024 capture; the 2026 captures carry it"
OLD_2021 = (
    "a 2021 capture: `st` has gone and V, pm, gtd and er have come since (the 2026 captures match the "
    "simulator exactly)"
)
OLD_KEYS_2021 = {f"$.o.{key}": OLD_2021 for key in ("st", "V", "pm", "gtd", "er")}


def market_fill() -> Frame:
    return the(market_order_frames(), "ORDER_TRADE_UPDATE", x="TRADE")


WS_PRODUCERS.update(
    {
        "ws_order_trade_update_market_new_2021.json": (
            lambda: the(market_order_frames(), "ORDER_TRADE_UPDATE", x="NEW"),
            {
                **OLD_KEYS_2021,
                **{
                    f"$.o.{key}": "a 2021 NEW frame left out the commission; the 2026 NEW capture has it"
                    for key in ("N", "n")
                },
            },
        ),
        "ws_order_trade_update_market_filled_taker_2021.json": (market_fill, OLD_KEYS_2021),
        "ws_order_trade_update_closing_fill_realized_pnl_2021.json": (closing_fill, OLD_KEYS_2021),
        "ws_order_trade_update_partial_fill_market_2024.json": (market_fill, {"$.o.er": ER_2024}),
        "ws_order_trade_update_expired_ioc_2024.json": (expired_ioc, {"$.o.er": ER_2024}),
        "ws_order_trade_update_o_only_xrpusdt_filled_maker_testnet_2023.json": (
            lambda: market_fill()["o"],
            {
                f"$.{key}": "V, pm, gtd and er came after this 2023 capture; the 2026 captures carry them"
                for key in ("V", "pm", "gtd", "er")
            },
        ),
        "ws_trade_lite_ethusdt_nautilus.json": (lambda: the(market_order_frames(), "TRADE_LITE"), {}),
        "ws_algo_update_finished_not_filled.json": (
            algo_finished_unfilled,
            {"$.o.rm": "the same service's FINISHED-filled capture carries `rm`"},
        ),
        "ws_order_trade_update_liquidation_calculated_synthetic.json": (
            liquidation_fill,
            {
                **{
                    f"$.o.{key}": "trailing-stop fields of the older docs example this synthetic frame copies; "
                    "the 2026 captures of other orders have neither"
                    for key in ("AP", "cr")
                },
                **{
                    f"$.o.{key}": "came after the docs example this synthetic frame copies; the 2026 captures carry it"
                    for key in ("pm", "gtd", "er")
                },
            },
        ),
    }
)

# A capture of several frames: the simulator sends the same event types in the same order
WS_SEQUENCES: dict[str, Callable[[], list[Frame]]] = {
    "ws_sequence_limit_fill_2026.json": lambda: limit_order_frames()[1],
}

WS_EXCLUDED: dict[str, str] = {
    "ws_account_config_update_multi_assets_docs_example.json": "multi-assets mode is not simulated",
    "ws_account_update_deposit_2026.json": "deposits are not simulated",
    "ws_account_update_withdraw_2026.json": "withdrawals are not simulated",
    "ws_account_update_hedge_docs_example.json": "hedge mode is not simulated (one-way only)",
    "ws_depth_update_docs_example.json": "the bot reads no order book; depth streams are not simulated",
    "ws_order_trade_update_amendment_2026.json": "order modification is not simulated",
    "ws_order_trade_update_trailing_new_docs_example.json": "trailing stops are not simulated",
    "ws_sequence_legacy_stop_market_trigger_2021.json": "stops on the order API ended in 2025-12 (now algo orders)",
    "ws_sequence_market_entry_with_tp_sl_2021.json": "stops on the order API ended in 2025-12 (now algo orders)",
    "wsapi_order_place_response_docs_example.json": "the WebSocket API is not served; the bot trades over REST",
    "wsapi_user_data_stream_start_response_docs_example.json": "the WebSocket API is not served; the bot uses REST",
}
