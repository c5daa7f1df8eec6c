"""How to make the simulator's REST face emit the payload of each REST and error fixture."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from adapters.simulator.wire.signing import sign
from domain.times import epoch_ms
from tests.simulator.server.support import KEY, SECRET, SimClient

Run = Callable[[SimClient], Awaitable[Any]]
SYMBOL = "XRPUSDT"


@dataclass(frozen=True)
class Producer:
    """`run` returns the emitted JSON; `types_from` names the fixture whose JSON types are compared when the keys'
    fixture has wrong types (a client that quoted numbers); `explained` maps each expected difference's path to why."""

    run: Run
    types_from: str | None = None
    explained: dict[str, str] = field(default_factory=dict)


async def body(sim: SimClient, method: str, path: str, **params: Any) -> Any:
    return await (await sim.signed(method, path, **params)).get_json()


async def public(sim: SimClient, path: str, **params: Any) -> Any:
    return await (await sim.public(path, **params)).get_json()


def price(sim: SimClient, factor: str) -> str:
    return str((sim.simulation.market.last_price() * Decimal(factor)).quantize(Decimal("0.0001")))


async def market_buy(sim: SimClient, **extra: Any) -> Any:
    return await body(sim, "POST", "/fapi/v1/order", symbol=SYMBOL, side="BUY", type="MARKET", quantity="20", **extra)


async def resting_limit(sim: SimClient, client_id: str = "shapeLimit") -> Any:
    return await body(
        sim,
        "POST",
        "/fapi/v1/order",
        symbol=SYMBOL,
        side="BUY",
        type="LIMIT",
        timeInForce="GTC",
        quantity="20",
        price=price(sim, "0.9"),
        newClientOrderId=client_id,
    )


async def stop_algo(sim: SimClient, client_id: str = "shapeStop") -> Any:
    return await body(
        sim,
        "POST",
        "/fapi/v1/algoOrder",
        algoType="CONDITIONAL",
        symbol=SYMBOL,
        side="SELL",
        type="STOP_MARKET",
        triggerPrice=price(sim, "0.8"),
        quantity="20",
        clientAlgoId=client_id,
    )


async def first_row(sim: SimClient, path: str, **params: Any) -> Any:
    return (await body(sim, "GET", path, **params))[:1]


async def trades(sim: SimClient) -> Any:
    await market_buy(sim)
    return await body(sim, "GET", "/fapi/v1/userTrades", symbol=SYMBOL)


async def income(sim: SimClient) -> Any:
    await market_buy(sim)
    return await body(sim, "GET", "/fapi/v1/income", symbol=SYMBOL)


async def with_position(sim: SimClient, path: str) -> Any:
    await market_buy(sim)
    return await body(sim, "GET", path, symbol=SYMBOL)


async def margin_history(sim: SimClient) -> Any:
    await body(sim, "POST", "/fapi/v1/marginType", symbol=SYMBOL, marginType="ISOLATED")
    await market_buy(sim)
    await body(sim, "POST", "/fapi/v1/positionMargin", symbol=SYMBOL, amount="10", type=1)
    return await body(sim, "GET", "/fapi/v1/positionMargin/history", symbol=SYMBOL)


async def open_orders(sim: SimClient) -> Any:
    await resting_limit(sim)
    return await body(sim, "GET", "/fapi/v1/openOrders", symbol=SYMBOL)


async def all_orders(sim: SimClient) -> Any:
    await resting_limit(sim)
    return await body(sim, "GET", "/fapi/v1/allOrders", symbol=SYMBOL)


async def query_limit(sim: SimClient) -> Any:
    await resting_limit(sim)
    return await body(sim, "GET", "/fapi/v1/order", symbol=SYMBOL, origClientOrderId="shapeLimit")


async def query_open_limit(sim: SimClient) -> Any:
    await resting_limit(sim)
    return await body(sim, "GET", "/fapi/v1/openOrder", symbol=SYMBOL, origClientOrderId="shapeLimit")


async def cancel_limit(sim: SimClient) -> Any:
    await resting_limit(sim)
    return await body(sim, "DELETE", "/fapi/v1/order", symbol=SYMBOL, origClientOrderId="shapeLimit")


async def open_algos(sim: SimClient) -> Any:
    await stop_algo(sim)
    return await body(sim, "GET", "/fapi/v1/openAlgoOrders", symbol=SYMBOL)


async def cancel_algo(sim: SimClient) -> Any:
    await stop_algo(sim)
    return await body(sim, "DELETE", "/fapi/v1/algoOrder", clientAlgoId="shapeStop")


async def duplicate_client_id(sim: SimClient) -> Any:
    await resting_limit(sim, "shapeTwice")
    return await resting_limit(sim, "shapeTwice")


async def stale_request(sim: SimClient) -> Any:
    """A signed request whose timestamp is two recvWindows old."""
    old = sim.simulation.clock.now()
    sim.simulation.clock.advance(timedelta(seconds=10))
    query = urlencode({"recvWindow": 5000, "timestamp": epoch_ms(old)})
    response = await sim.client.get(
        f"/fapi/v3/balance?{query}&signature={sign(query, '', SECRET)}", headers={"X-MBX-APIKEY": KEY}
    )
    return await response.get_json()


async def listen_key(sim: SimClient, method: str) -> Any:
    await sim.keyed("POST", "/fapi/v1/listenKey")
    return await (await sim.keyed(method, "/fapi/v1/listenKey")).get_json()


# Types newer than the fixture's keys: a docs example's or an older capture's numbers
TYPES_2025 = "rest_order_new_market_result_filled_ethusdt_2025.json"
TRAILING_ONLY = "only a TRAILING_STOP_MARKET order has it; the simulator has no trailing orders"
TRAILING = {"activatePrice": TRAILING_ONLY, "priceRate": TRAILING_ONLY}
ADDED_2026 = "added by Binance in 2026-08 (API.md §0, SDK 17.0.0/17.0.1), after this capture"
FEE_BURN = "added after this answer; today's docs example and ccxt's 2024 answer carry feeBurn"
V2_POSITION = "in ccxt's quoted 2024 answer (rest_account_v2_wldusdt_2024_reconstructed), newer than this example"
V2_POSITION_KEYS = ("breakEvenPrice", "isolatedMargin", "isolatedWallet", "notional")
QUOTED = "ccxt recorded this capture with every integer quoted (SOURCES.md); types come from the docs example"

REST_PRODUCERS: dict[str, Producer] = {
    "rest_time.json": Producer(lambda sim: public(sim, "/fapi/v1/time")),
    "rest_ping.json": Producer(lambda sim: public(sim, "/fapi/v1/ping")),
    "rest_exchange_info_btcusdt_ethusdt_2022.json": Producer(lambda sim: public(sim, "/fapi/v1/exchangeInfo")),
    "rest_klines_btcusdt_1m_2024.json": Producer(
        lambda sim: public(sim, "/fapi/v1/klines", symbol=SYMBOL, interval="1m", limit=3)
    ),
    "rest_premium_index_btcusdt_docs_example.json": Producer(
        lambda sim: public(sim, "/fapi/v1/premiumIndex", symbol=SYMBOL)
    ),
    "rest_order_new_market_result_filled_ethusdt_2025.json": Producer(
        lambda sim: market_buy(sim, newOrderRespType="RESULT")
    ),
    "rest_order_new_market_ack_achusdt_2024.json": Producer(market_buy),
    "rest_order_new_market_ack_suiusdc_2025.json": Producer(market_buy),
    "rest_order_new_docs_example.json": Producer(
        resting_limit,
        TYPES_2025,
        {
            "$.avgPrice": "the 2019 example predates avgPrice/cumQuote in every order response (2024–2025 captures)",
            "$.cumQuote": "the 2019 example predates avgPrice/cumQuote in every order response (2024–2025 captures)",
        },
    ),
    "rest_open_order_query_ltcusdt_gtx_2024.json": Producer(query_open_limit, TYPES_2025),
    "rest_rate_limit_order_docs_example.json": Producer(lambda sim: body(sim, "GET", "/fapi/v1/rateLimit/order")),
    "rest_order_query_docs_example.json": Producer(query_limit, TYPES_2025, {f"$.{k}": v for k, v in TRAILING.items()}),
    "rest_order_cancel_docs_example.json": Producer(
        cancel_limit, TYPES_2025, {f"$.{k}": v for k, v in TRAILING.items()}
    ),
    "rest_open_orders_docs_example.json": Producer(
        open_orders, TYPES_2025, {f"$[0].{k}": v for k, v in TRAILING.items()}
    ),
    "rest_all_orders_docs_example.json": Producer(
        all_orders,
        TYPES_2025,
        {f"$[0].{k}": v for k, v in TRAILING.items()},
    ),
    "rest_cancel_all_open_orders.json": Producer(
        lambda sim: body(sim, "DELETE", "/fapi/v1/allOpenOrders", symbol=SYMBOL)
    ),
    "rest_user_trades_btcusdt_taker_2023.json": Producer(
        trades, "rest_user_trades_ethusdt.json", {"$[0].baseQty": ADDED_2026, "$[0].pair": ADDED_2026}
    ),
    "rest_user_trades_docs_example.json": Producer(trades),
    "rest_user_trades_ethusdt.json": Producer(trades, explained={"$[0].baseQty": ADDED_2026, "$[0].pair": ADDED_2026}),
    "rest_income_transfer_docs_example.json": Producer(income),
    "rest_income_funding_fee_papi_2024.json": Producer(income, "rest_income_transfer_docs_example.json"),
    "rest_commission_rate_docs_example.json": Producer(
        lambda sim: body(sim, "GET", "/fapi/v1/commissionRate", symbol=SYMBOL)
    ),
    "rest_commission_rate_btcusdt_nautilus.json": Producer(
        lambda sim: body(sim, "GET", "/fapi/v1/commissionRate", symbol=SYMBOL),
        explained={"$.rpiCommissionRate": "added by Binance after this capture; today's docs example has it"},
    ),
    "rest_position_risk_v3_btcusdt_2024.json": Producer(
        lambda sim: with_position(sim, "/fapi/v3/positionRisk"), "rest_position_risk_v3_docs_example.json"
    ),
    "rest_position_risk_v3_docs_example.json": Producer(lambda sim: with_position(sim, "/fapi/v3/positionRisk")),
    "rest_position_risk_v2_one_way_docs_example.json": Producer(
        lambda sim: with_position(sim, "/fapi/v2/positionRisk"),
        explained={
            f"$[0].{key}": "added by Binance after this example; rest_position_risk_v2_one_way_docs_example_2025 has it"
            for key in ("breakEvenPrice", "notional", "isolatedWallet")
        },
    ),
    "rest_position_risk_v2_one_way_docs_example_2025.json": Producer(
        lambda sim: with_position(sim, "/fapi/v2/positionRisk")
    ),
    "rest_balance_v3_docs_example.json": Producer(lambda sim: body(sim, "GET", "/fapi/v3/balance")),
    "rest_balance_v2_docs_example.json": Producer(lambda sim: body(sim, "GET", "/fapi/v2/balance")),
    "rest_account_v3_2024.json": Producer(
        lambda sim: with_position(sim, "/fapi/v3/account"), "rest_account_v3_docs_example.json"
    ),
    "rest_account_v3_docs_example.json": Producer(lambda sim: with_position(sim, "/fapi/v3/account")),
    "rest_account_v2_wldusdt_2024_reconstructed.json": Producer(
        lambda sim: with_position(sim, "/fapi/v2/account"), "rest_account_v2_nautilus.json"
    ),
    "rest_account_v2_2023.json": Producer(
        lambda sim: with_position(sim, "/fapi/v2/account"),
        "rest_account_v2_nautilus.json",
        {"$.feeBurn": FEE_BURN},
    ),
    "rest_account_v2_nautilus.json": Producer(
        lambda sim: with_position(sim, "/fapi/v2/account"),
        explained={
            "$.feeBurn": FEE_BURN,
            **{f"$.positions[0].{key}": V2_POSITION for key in V2_POSITION_KEYS},
        },
    ),
    "rest_multi_assets_margin_docs_example.json": Producer(lambda sim: body(sim, "GET", "/fapi/v1/multiAssetsMargin")),
    "rest_depth_docs_example.json": Producer(lambda sim: public(sim, "/fapi/v1/depth", symbol=SYMBOL, limit=5)),
    "rest_depth_btcusdt_limit5_2024.json": Producer(
        lambda sim: public(sim, "/fapi/v1/depth", symbol=SYMBOL, limit=5), "rest_depth_docs_example.json"
    ),
    "rest_book_ticker_docs_example.json": Producer(
        lambda sim: public(sim, "/fapi/v1/ticker/bookTicker", symbol=SYMBOL)
    ),
    "rest_ticker_price_v2_docs_example.json": Producer(lambda sim: public(sim, "/fapi/v2/ticker/price", symbol=SYMBOL)),
    "rest_funding_rate_history_docs_example.json": Producer(
        lambda sim: public(sim, "/fapi/v1/fundingRate", symbol=SYMBOL),
        explained={"$[0].markPrice": "added after this example; today's docs and the SDK model carry markPrice"},
    ),
    "rest_leverage_change.json": Producer(
        lambda sim: body(sim, "POST", "/fapi/v1/leverage", symbol=SYMBOL, leverage=5)
    ),
    "rest_symbol_config_btcusdt_2024.json": Producer(
        lambda sim: body(sim, "GET", "/fapi/v1/symbolConfig", symbol=SYMBOL),
        explained={
            "$[0].leverage": "ccxt quoted this capture's integers (SOURCES.md); Binance's docs example and "
            "POST /fapi/v1/leverage send leverage as a number"
        },
    ),
    "rest_position_margin_history_xrpusdt_2024.json": Producer(
        margin_history,
        explained={
            "$[0].type": "ccxt quoted this capture's integers (SOURCES.md); Binance's docs example sends a number",
            "$[0].time": "ccxt quoted this capture's integers (SOURCES.md); Binance's docs example sends a number",
        },
    ),
    "rest_leverage_bracket_docs_example.json": Producer(
        lambda sim: body(sim, "GET", "/fapi/v1/leverageBracket", symbol=SYMBOL),
        explained={"$[0].notionalCoef": "Binance sends it only for an account whose brackets were adjusted"},
    ),
    "rest_margin_type_change.json": Producer(
        lambda sim: body(sim, "POST", "/fapi/v1/marginType", symbol=SYMBOL, marginType="CROSSED")
    ),
    "rest_position_side_dual.json": Producer(lambda sim: body(sim, "GET", "/fapi/v1/positionSide/dual")),
    "rest_account_config_docs_example.json": Producer(lambda sim: body(sim, "GET", "/fapi/v1/accountConfig")),
    "rest_api_restrictions_docs_example.json": Producer(
        lambda sim: body(sim, "GET", "/sapi/v1/account/apiRestrictions")
    ),
    "rest_listen_key_post.json": Producer(lambda sim: listen_key(sim, "POST")),
    "rest_listen_key_put.json": Producer(lambda sim: listen_key(sim, "PUT")),
    "rest_algo_order_new_docs_example.json": Producer(stop_algo),
    "rest_open_algo_orders_docs_example.json": Producer(open_algos),
    "rest_algo_order_cancel_docs_example.json": Producer(cancel_algo),
    "error_-1021_timestamp_outside_recvwindow.json": Producer(stale_request),
    "error_-1111_precision.json": Producer(
        lambda sim: body(
            sim, "POST", "/fapi/v1/order", symbol=SYMBOL, side="BUY", type="MARKET", quantity="20.123456789"
        )
    ),
    "error_-2011_unknown_order_sent_reconstructed.json": Producer(
        lambda sim: body(sim, "DELETE", "/fapi/v1/order", symbol=SYMBOL, orderId=1)
    ),
    "error_-2013_order_does_not_exist.json": Producer(
        lambda sim: body(sim, "GET", "/fapi/v1/order", symbol=SYMBOL, origClientOrderId="nothing")
    ),
    "error_-2019_margin_insufficient.json": Producer(
        lambda sim: body(sim, "POST", "/fapi/v1/order", symbol=SYMBOL, side="BUY", type="MARKET", quantity="9999999")
    ),
    "error_-4046_no_need_to_change_margin_type_reconstructed.json": Producer(
        lambda sim: body(sim, "POST", "/fapi/v1/marginType", symbol=SYMBOL, marginType="CROSSED")
    ),
    "error_-4061_position_side_mismatch.json": Producer(
        lambda sim: body(
            sim, "POST", "/fapi/v1/order", symbol=SYMBOL, side="BUY", type="MARKET", quantity="20", positionSide="LONG"
        )
    ),
    "error_-4116_duplicate_client_order_id.json": Producer(duplicate_client_id),
    "error_-4120_conditional_order_requires_algo_api.json": Producer(
        lambda sim: body(
            sim,
            "POST",
            "/fapi/v1/order",
            symbol=SYMBOL,
            side="SELL",
            type="STOP_MARKET",
            stopPrice="0.1000",
            quantity="20",
        )
    ),
    "error_-4164_min_notional_reconstructed.json": Producer(
        lambda sim: body(sim, "POST", "/fapi/v1/order", symbol=SYMBOL, side="BUY", type="MARKET", quantity="0.1")
    ),
    "error_-1106_reduceonly_not_required_reconstructed.json": Producer(
        lambda sim: body(
            sim,
            "POST",
            "/fapi/v1/order",
            symbol=SYMBOL,
            side="BUY",
            type="MARKET",
            quantity="20",
            reduceOnly="true",
            closePosition="true",
        )
    ),
}

# Fixtures of payloads the simulator does not emit, each with the reason
REST_EXCLUDED: dict[str, str] = {
    "rest_batch_orders_modify_btcusdt_2025.json": "the bot places orders one by one; batchOrders is not simulated",
    "rest_batch_orders_new_limit_btcusdt_2025.json": "the bot places orders one by one; batchOrders is not simulated",
    "rest_position_risk_v2_hedge_docs_example.json": "hedge mode is not simulated (one-way only)",
    "http_headers_exchange_info_2020.json": "HTTP headers, not a body: tests/simulator/wire/test_rate_limits.py",
}
