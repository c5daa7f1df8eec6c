"""Account endpoints: positionRisk, balance, income, commission, leverage, symbolConfig, accountConfig, modes,
listenKey, and the spot host's apiRestrictions (the simulator serves both hosts on one port)."""

from __future__ import annotations

from typing import Any

from adapters.simulator.errors import (
    MULTI_ASSETS_WITH_ISOLATED,
    MULTI_ASSETS_WITH_OPEN_ORDERS,
    NO_NEED_TO_CHANGE_ASSET_MODE,
    SimError,
    invalid_param,
)
from adapters.simulator.exchange.views import PositionRisk
from adapters.simulator.server.account_body import account_v2_body, account_v3_body
from adapters.simulator.server.bodies import (
    balance_body,
    bracket_body,
    commission_body,
    income_body,
    leverage_body,
    margin_change_body,
    position_v2_body,
    position_v3_body,
)
from adapters.simulator.server.call import Call, Handler
from adapters.simulator.server.key_access import account_config_body, restrictions_body
from adapters.simulator.server.params import int_or, optional_decimal, optional_int, required
from adapters.simulator.server.reference import order_rate_limits
from adapters.simulator.wire.encoding import double
from adapters.simulator.wire.numbers import plain

SUCCESS_BODY = {"code": 200, "msg": "success"}


def position_risk_v3(call: Call) -> Any:
    """Binance's v3 lists only symbols with a position or open orders."""
    engine = call.simulation.engine
    symbol = call.params.get("symbol")
    symbols = [symbol] if symbol else [spec.symbol for spec in engine.symbols]
    rows = [engine.position_risk(name) for name in symbols]
    return [
        position_v3_body(row, engine.spec(row.symbol))
        for row in rows
        if row.position_amount or engine.open_orders(row.symbol)
    ]


def position_risk_v2(call: Call) -> Any:
    """v2 lists every symbol asked for, flat or not."""
    engine = call.simulation.engine
    symbol = call.params.get("symbol")
    symbols = [symbol] if symbol else [spec.symbol for spec in engine.symbols]
    return [position_v2_body(engine.position_risk(name), engine.spec(name)) for name in symbols]


def account_v3(call: Call) -> Any:
    return account_v3_body(call.simulation.engine)


def account_v2(call: Call) -> Any:
    return account_v2_body(call.simulation.engine, call.access)


def multi_assets_mode(call: Call) -> Any:
    return {"multiAssetsMargin": False}


def change_multi_assets_mode(call: Call) -> Any:
    """The account stays in Single-Asset mode: "false" is already set (-4171); "true" meets Binance's refusals
    (open orders -4170, an isolated symbol -4167), and otherwise -1130, as the simulator has no Multi-Assets mode."""
    engine = call.simulation.engine
    value = required(call.params, "multiAssetsMargin").lower()
    if value not in ("true", "false"):
        raise SimError(invalid_param("multiAssetsMargin"))
    if value == "false":
        raise SimError(NO_NEED_TO_CHANGE_ASSET_MODE)
    if engine.open_orders() or engine.open_algo_orders():
        raise SimError(MULTI_ASSETS_WITH_OPEN_ORDERS)
    if any(engine.position_risk(spec.symbol).margin_type == "isolated" for spec in engine.symbols):
        raise SimError(MULTI_ASSETS_WITH_ISOLATED)
    raise SimError(invalid_param("multiAssetsMargin"))


def order_rate_limit(call: Call) -> Any:
    return order_rate_limits(call.limits)


def account_config(call: Call) -> Any:
    return account_config_body(call.access, call.simulation.engine.hedge_mode)


def api_restrictions(call: Call) -> Any:
    return restrictions_body(call.access)


def balance(call: Call) -> Any:
    return [balance_body(call.simulation.engine.balance("USDT"))]


def income(call: Call) -> Any:
    params = call.params
    rows = call.simulation.engine.income(
        params.get("symbol") or None,
        params.get("incomeType") or None,
        optional_int(params, "startTime"),
        optional_int(params, "endTime"),
        int_or(params, "limit", 100),
    )
    return [income_body(row) for row in rows]


def commission_rate(call: Call) -> Any:
    return commission_body(call.simulation.engine.spec(required(call.params, "symbol")))


def leverage(call: Call) -> Any:
    engine = call.simulation.engine
    symbol = required(call.params, "symbol")
    value = optional_int(call.params, "leverage")
    if value is None:
        raise SimError(invalid_param("leverage"))
    return leverage_body(symbol, engine.set_leverage(symbol, value), engine.spec(symbol))


def symbol_config(call: Call) -> Any:
    """Every symbol, or the one asked for."""
    engine = call.simulation.engine
    symbol = call.params.get("symbol")
    specs = [engine.spec(symbol)] if symbol else list(engine.symbols)
    return [symbol_config_body(engine.position_risk(spec.symbol)) for spec in specs]


def symbol_config_body(risk: PositionRisk) -> dict[str, Any]:
    # leverage as a number (docs example; ccxt's capture quotes it), isAutoAddMargin as a boolean (the capture)
    return {
        "symbol": risk.symbol,
        "marginType": "ISOLATED" if risk.margin_type == "isolated" else "CROSSED",
        "isAutoAddMargin": False,
        "leverage": risk.leverage,
        "maxNotionalValue": plain(risk.max_notional_value),
    }


def margin_type(call: Call) -> Any:
    """ISOLATED or CROSSED: {"code":200,"msg":"success"}, or -4046 / -4047 / -4048 as the engine decides."""
    symbol = required(call.params, "symbol")
    wanted = required(call.params, "marginType")
    if wanted not in ("ISOLATED", "CROSSED"):
        raise SimError(invalid_param("marginType"))
    call.simulation.engine.set_margin_type(symbol, wanted == "ISOLATED")
    return dict(SUCCESS_BODY)


def leverage_bracket(call: Call) -> Any:
    """An array with one entry per symbol, also when `symbol` is sent: Binance's docs show an object then, but the
    API answers an array of one (sieblyio/binance#310, 2023-02)."""
    engine = call.simulation.engine
    symbol = call.params.get("symbol")
    specs = [engine.spec(symbol)] if symbol else list(engine.symbols)
    return [bracket_body(spec) for spec in specs]


def position_margin(call: Call) -> Any:
    """type 1 adds cross margin to an isolated position, 2 takes it back (Modify Isolated Position Margin)."""
    symbol = required(call.params, "symbol")
    amount = optional_decimal(call.params, "amount")
    kind = optional_int(call.params, "type")
    if amount is None:
        raise SimError(invalid_param("amount"))
    if kind is None:
        raise SimError(invalid_param("type"))
    call.simulation.engine.modify_position_margin(symbol, amount, kind)
    # Binance's example writes the amount as a JSON number (100.0)
    return {"amount": double(amount), "code": 200, "msg": "Successfully modify position margin.", "type": kind}


def position_margin_history(call: Call) -> Any:
    params = call.params
    rows = call.simulation.engine.margin_history(
        required(params, "symbol"),
        optional_int(params, "type"),
        optional_int(params, "startTime"),
        optional_int(params, "endTime"),
        int_or(params, "limit", 500),
    )
    return [margin_change_body(row) for row in rows]


def position_mode(call: Call) -> Any:
    return {"dualSidePosition": call.simulation.engine.hedge_mode}


def change_position_mode(call: Call) -> Any:
    """Hedge Mode is a setting only: while on, the engine refuses orders (-4061) instead of trading two sides."""
    value = required(call.params, "dualSidePosition").lower()
    if value not in ("true", "false"):
        raise SimError(invalid_param("dualSidePosition"))
    call.simulation.engine.set_position_mode(value == "true")
    return dict(SUCCESS_BODY)


def new_listen_key(call: Call) -> Any:
    return {"listenKey": call.listen_keys.create(_key(call))}


def keepalive_listen_key(call: Call) -> Any:
    return {"listenKey": call.listen_keys.keepalive(_key(call))}


def close_listen_key(call: Call) -> Any:
    call.listen_keys.close(_key(call))
    return {}


def _key(call: Call) -> str:
    # USER_STREAM endpoints always carry a checked API key
    if call.api_key is None:
        raise RuntimeError("a USER_STREAM endpoint was called without a checked API key")
    return call.api_key


ACCOUNT_ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", "/fapi/v2/positionRisk"): position_risk_v2,
    ("GET", "/fapi/v3/positionRisk"): position_risk_v3,
    ("GET", "/fapi/v3/account"): account_v3,
    ("GET", "/fapi/v2/account"): account_v2,
    ("GET", "/fapi/v1/multiAssetsMargin"): multi_assets_mode,
    ("POST", "/fapi/v1/multiAssetsMargin"): change_multi_assets_mode,
    ("GET", "/fapi/v2/balance"): balance,
    ("GET", "/fapi/v3/balance"): balance,
    ("GET", "/fapi/v1/income"): income,
    ("GET", "/fapi/v1/commissionRate"): commission_rate,
    ("POST", "/fapi/v1/leverage"): leverage,
    ("GET", "/fapi/v1/symbolConfig"): symbol_config,
    ("GET", "/fapi/v1/accountConfig"): account_config,
    ("GET", "/fapi/v1/rateLimit/order"): order_rate_limit,
    ("GET", "/sapi/v1/account/apiRestrictions"): api_restrictions,
    ("POST", "/fapi/v1/marginType"): margin_type,
    ("GET", "/fapi/v1/leverageBracket"): leverage_bracket,
    ("POST", "/fapi/v1/positionMargin"): position_margin,
    ("GET", "/fapi/v1/positionMargin/history"): position_margin_history,
    ("GET", "/fapi/v1/positionSide/dual"): position_mode,
    ("POST", "/fapi/v1/positionSide/dual"): change_position_mode,
    ("POST", "/fapi/v1/listenKey"): new_listen_key,
    ("PUT", "/fapi/v1/listenKey"): keepalive_listen_key,
    ("DELETE", "/fapi/v1/listenKey"): close_listen_key,
}
