"""The spot API host's wallet, served on the simulator's one port: the spot account and universal transfers."""

from __future__ import annotations

from typing import Any

from adapters.simulator.errors import UNAUTHORIZED, SimError, invalid_param
from adapters.simulator.exchange.spot_wallet import Transfer
from adapters.simulator.server.call import Call, Handler
from adapters.simulator.server.params import int_or, optional_decimal, optional_int, required
from adapters.simulator.wire.numbers import fixed, plain, wire_id

# The spot host prints every balance with 8 decimals ("free": "4723846.89208129")
SPOT_DECIMALS = 8
# A made-up account number in the int64 range, like the docs' example uid
SIM_UID = 354937868


def new_transfer(call: Call) -> Any:
    """POST /sapi/v1/asset/transfer → {"tranId": …}; refused (-1002) while the key may not transfer."""
    if not call.access.permits_universal_transfer:
        raise SimError(UNAUTHORIZED)
    amount = optional_decimal(call.params, "amount")
    if amount is None:
        required(call.params, "amount")
        raise SimError(invalid_param("amount"))
    record = call.simulation.engine.transfer(required(call.params, "type"), required(call.params, "asset"), amount)
    return {"tranId": wire_id(record.tran_id)}


def transfer_history(call: Call) -> Any:
    """GET /sapi/v1/asset/transfer: {total, rows} newest first; Binance leaves `rows` out when there are none."""
    params = call.params
    total, rows = call.simulation.engine.transfers(
        required(params, "type"),
        optional_int(params, "startTime"),
        optional_int(params, "endTime"),
        int_or(params, "current", 1),
        int_or(params, "size", 10),
    )
    body: dict[str, Any] = {"total": total}
    if rows:
        body["rows"] = [transfer_body(row) for row in rows]
    return body


def transfer_body(row: Transfer) -> dict[str, Any]:
    """One history row (the docs' example: amount a plain string, tranId and timestamp numbers)."""
    return {
        "asset": row.asset,
        "amount": plain(row.amount),
        "type": row.kind.value,
        "status": row.status,
        "tranId": wire_id(row.tran_id),
        "timestamp": row.timestamp,
    }


def spot_account(call: Call) -> Any:
    """GET /api/v3/account (the docs' keys); omitZeroBalances=true lists only assets with a balance."""
    engine = call.simulation.engine
    omit_zero = call.params.get("omitZeroBalances", "false").lower() == "true"
    balances = [
        {"asset": asset, "free": fixed(free, SPOT_DECIMALS), "locked": fixed(0, SPOT_DECIMALS)}
        for asset, free in sorted(engine.spot_balances().items())
        if free or not omit_zero
    ]
    return {
        "makerCommission": 10,
        "takerCommission": 10,
        "buyerCommission": 0,
        "sellerCommission": 0,
        "commissionRates": {
            "maker": "0.00100000",
            "taker": "0.00100000",
            "buyer": "0.00000000",
            "seller": "0.00000000",
        },
        "canTrade": True,
        "canWithdraw": True,
        "canDeposit": True,
        "brokered": False,
        "requireSelfTradePrevention": False,
        "preventSor": False,
        "updateTime": engine.spot_update_time,
        "accountType": "SPOT",
        "balances": balances,
        "permissions": ["SPOT"],
        "uid": SIM_UID,
    }


SPOT_ROUTES: dict[tuple[str, str], Handler] = {
    ("POST", "/sapi/v1/asset/transfer"): new_transfer,
    ("GET", "/sapi/v1/asset/transfer"): transfer_history,
    ("GET", "/api/v3/account"): spot_account,
}
