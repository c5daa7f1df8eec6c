"""The engine's user-data events as Binance's JSON frames, with the keys and JSON types of the real captures.

ORDER_TRADE_UPDATE, TRADE_LITE and ACCOUNT_UPDATE follow the 2026 live captures (`ws_*_2026.json`); ALGO_UPDATE
follows the Algo Service captures, whose keys depend on the status (no ap/aq/act while TRIGGERING, `rm` only
before the trigger); ACCOUNT_CONFIG_UPDATE, MARGIN_CALL and listenKeyExpired follow their fixtures (`E` of the
latter is a string there, the only real capture).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.simulator.exchange.events import (
    AccountConfigUpdate,
    AccountUpdate,
    AlgoUpdate,
    BalanceChange,
    MarginCall,
    OrderTradeUpdate,
    PositionChange,
    TradeLite,
    UserDataEvent,
)
from adapters.simulator.exchange.symbols import SymbolSpec
from adapters.simulator.exchange.vocabulary import OrderStatus
from adapters.simulator.wire.field_formats import format_field
from adapters.simulator.wire.numbers import Kind, SymbolPrecision, plain, wire_decimal, wire_id

SpecOf = Callable[[str], SymbolSpec]
# Statuses of an algo order that has not been handed to the matching engine: the frame carries `rm`
_BEFORE_TRIGGER = frozenset({OrderStatus.NEW, OrderStatus.CANCELED, OrderStatus.REJECTED, OrderStatus.EXPIRED})


def user_data_json(event: UserDataEvent, spec_of: SpecOf) -> dict[str, Any]:
    """The JSON-ready frame of one engine event; `spec_of` gives a symbol's precisions."""
    if isinstance(event, OrderTradeUpdate):
        return order_trade_update_json(event)
    if isinstance(event, TradeLite):
        return trade_lite_json(event, spec_of(event.symbol))
    if isinstance(event, AccountUpdate):
        return account_update_json(event)
    if isinstance(event, AlgoUpdate):
        return algo_update_json(event)
    if isinstance(event, AccountConfigUpdate):
        return account_config_update_json(event)
    if isinstance(event, MarginCall):
        return margin_call_json(event)
    raise TypeError(f"no Binance frame for the engine event {type(event).__name__}")


def order_trade_update_json(event: OrderTradeUpdate) -> dict[str, Any]:
    """ORDER_TRADE_UPDATE (ws_order_trade_update_filled_limit_maker_2026)."""
    order = event.order

    def fmt(name: str, value: Any) -> str:
        return format_field("ws.ORDER_TRADE_UPDATE", name, value)

    return {
        "e": "ORDER_TRADE_UPDATE",
        "T": event.transaction_time,
        "E": event.event_time,
        "o": {
            "s": order.symbol,
            "c": order.client_order_id,
            "S": order.side.value,
            "o": order.order_type.value,
            "f": order.time_in_force.value,
            "q": fmt("q", order.orig_qty),
            "p": fmt("p", order.price),
            "ap": fmt("ap", order.avg_price),
            "sp": fmt("sp", order.stop_price),
            "x": event.execution_type.value,
            "X": order.status.value,
            "i": wire_id(order.order_id),
            "l": fmt("l", event.last_filled_qty),
            "z": fmt("z", order.executed_qty),
            "L": fmt("L", event.last_filled_price),
            "n": fmt("n", event.commission),
            "N": event.commission_asset,
            "T": event.trade_time,
            "t": wire_id(event.trade_id),
            "b": fmt("b", event.bids_notional),
            "a": fmt("a", event.asks_notional),
            "m": event.is_maker,
            "R": order.reduce_only,
            "wt": order.working_type.value,
            "ot": order.original_type.value,
            "ps": order.position_side,
            "cp": order.close_position,
            "rp": fmt("rp", event.realized_profit),
            "pP": order.price_protect,
            "si": 0,
            "ss": 0,
            "V": order.self_trade_prevention,
            "pm": order.price_match,
            "gtd": order.good_till_date,
            "er": str(order.expiry_reason.value),
        },
    }


def trade_lite_json(event: TradeLite, spec: SymbolSpec) -> dict[str, Any]:
    """TRADE_LITE (ws_trade_lite_limit_fill_2026): quantities and prices with the symbol's decimals."""
    precision = SymbolPrecision(spec.price_precision, spec.quantity_precision)

    def fmt(name: str, value: Any) -> str:
        return format_field("ws.TRADE_LITE", name, value, precision)

    return {
        "e": "TRADE_LITE",
        "E": event.event_time,
        "T": event.transaction_time,
        "s": event.symbol,
        "q": fmt("q", event.orig_qty),
        "p": fmt("p", event.price),
        "m": event.is_maker,
        "c": event.client_order_id,
        "S": event.side.value,
        "L": fmt("L", event.last_price),
        "l": fmt("l", event.last_qty),
        "t": wire_id(event.trade_id),
        "i": wire_id(event.order_id),
    }


def account_update_json(event: AccountUpdate) -> dict[str, Any]:
    """ACCOUNT_UPDATE (ws_account_update_order_fill_cross_2026); FUNDING_FEE adds `a.S` (connector 17.0.0, 2026-08)."""
    account: dict[str, Any] = {
        "B": [_balance_json(row) for row in event.balances],
        "P": [_position_json(row) for row in event.positions],
        "m": event.reason.value,
    }
    if event.symbol is not None:
        account["S"] = event.symbol
    return {"e": "ACCOUNT_UPDATE", "T": event.transaction_time, "E": event.event_time, "a": account}


def _balance_json(row: BalanceChange) -> dict[str, Any]:
    def fmt(name: str, value: Any) -> str:
        return format_field("ws.ACCOUNT_UPDATE.balance", name, value)

    return {
        "a": row.asset,
        "wb": fmt("wb", row.wallet_balance),
        "cw": fmt("cw", row.cross_wallet_balance),
        "bc": fmt("bc", row.balance_change),
    }


def _position_json(row: PositionChange) -> dict[str, Any]:
    def fmt(name: str, value: Any) -> str:
        return format_field("ws.ACCOUNT_UPDATE.position", name, value)

    return {
        "s": row.symbol,
        "pa": fmt("pa", row.position_amount),
        "ep": fmt("ep", row.entry_price),
        "cr": fmt("cr", row.accumulated_realized),
        "up": fmt("up", row.unrealized_pnl),
        "mt": row.margin_type,
        "iw": fmt("iw", row.isolated_wallet),
        "ps": row.position_side,
        "ma": row.margin_asset,
        "bep": fmt("bep", row.break_even_price),
    }


def algo_update_json(event: AlgoUpdate) -> dict[str, Any]:
    """ALGO_UPDATE (ws_algo_update_new_docs_example, ws_algo_update_triggering/triggered/finished_filled)."""
    algo = event.algo
    order: dict[str, Any] = {
        "caid": algo.client_algo_id,
        "aid": wire_id(algo.algo_id),
        "at": algo.algo_type,
        "o": algo.order_type.value,
        "s": algo.symbol,
        "S": algo.side.value,
        "ps": algo.position_side,
        "f": algo.time_in_force.value,
        "q": plain(algo.quantity),
        "X": algo.status.value,
        "ai": "" if algo.actual_order_id is None else str(algo.actual_order_id),
    }
    if algo.status is not OrderStatus.TRIGGERING:
        order.update(ap=plain(algo.actual_price), aq=plain(algo.executed_qty), act=algo.actual_order_type)
    order.update(
        tp=plain(algo.trigger_price),
        p=plain(algo.price),
        V=algo.self_trade_prevention,
        wt=algo.working_type.value,
        pm=algo.price_match,
        cp=algo.close_position,
        pP=algo.price_protect,
        R=algo.reduce_only,
        tt=algo.trigger_time,
        gtd=algo.good_till_date,
    )
    if algo.status in _BEFORE_TRIGGER:
        order["rm"] = algo.reject_reason
    return {"e": "ALGO_UPDATE", "T": event.transaction_time, "E": event.event_time, "o": order}


def account_config_update_json(event: AccountConfigUpdate) -> dict[str, Any]:
    """ACCOUNT_CONFIG_UPDATE with a leverage change (ws_account_config_update_leverage_docs_example)."""
    return {
        "e": "ACCOUNT_CONFIG_UPDATE",
        "E": event.event_time,
        "T": event.transaction_time,
        "ac": {"s": event.symbol, "l": event.leverage},
    }


def margin_call_json(event: MarginCall) -> dict[str, Any]:
    """MARGIN_CALL (ws_margin_call_docs_example): no `T`; `cw` (8 decimals there) as the account is cross margin."""
    positions = [
        {
            "s": row.symbol,
            "ps": row.position_side,
            "pa": plain(row.position_amount),
            "mt": row.margin_type,
            "iw": plain(row.isolated_wallet),
            "mp": plain(row.mark_price),
            "up": plain(row.unrealized_pnl),
            "mm": plain(row.maint_margin),
        }
        for row in event.positions
    ]
    cross_wallet = wire_decimal(event.cross_wallet_balance, Kind.AMOUNT)
    return {"e": "MARGIN_CALL", "E": event.event_time, "cw": cross_wallet, "p": positions}


def listen_key_expired_json(listen_key: str, event_ms: int) -> dict[str, Any]:
    """listenKeyExpired (ws_listen_key_expired_2023: `E` is a JSON string)."""
    return {"e": "listenKeyExpired", "E": str(event_ms), "listenKey": listen_key}
