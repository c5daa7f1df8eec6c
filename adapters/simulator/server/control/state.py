"""GET /_sim/state: the oracle as JSON, with the Binance wire shapes for orders, trades and income plus `byHand`."""

from __future__ import annotations

from typing import Any

from adapters.simulator.exchange.account import Position
from adapters.simulator.server.algo_routes import algo_query_body
from adapters.simulator.server.bodies import income_body, order_body, trade_body
from adapters.simulator.simulation import Simulation
from adapters.simulator.wire.numbers import plain
from domain.times import epoch_ms


def state_body(simulation: Simulation) -> dict[str, Any]:
    """Every order accepted (client id, status, by hand or not), algo order, trade, position, balance and income row."""
    engine = simulation.engine
    oracle = engine.oracle
    spec = engine.spec
    return {
        "time": epoch_ms(simulation.clock.now()),
        "symbol": simulation.symbol,
        "seed": simulation.options.seed,
        "lastPrice": plain(simulation.market.last_price()),
        "markPrice": plain(simulation.market.mark_price()),
        "orders": [{**order_body(order, spec(order.symbol)), "byHand": order.by_hand} for order in oracle.orders],
        "algoOrders": [
            {**algo_query_body(algo, spec(algo.symbol)), "byHand": algo.by_hand} for algo in oracle.algo_orders
        ],
        "trades": [
            {**trade_body(trade, spec(trade.symbol)), "clientOrderId": trade.client_order_id, "byHand": trade.by_hand}
            for trade in oracle.trades
        ],
        "positions": [_position(position, oracle.leverage(position.symbol)) for position in oracle.positions.values()],
        "balances": {asset: plain(amount) for asset, amount in oracle.balances.items()},
        "spotBalances": {asset: plain(amount) for asset, amount in engine.spot_balances().items()},
        "income": [income_body(row) for row in oracle.income],
    }


def _position(position: Position, leverage: int) -> dict[str, Any]:
    return {
        "symbol": position.symbol,
        "positionAmt": plain(position.amount),
        "entryPrice": plain(position.entry_price),
        "accumulatedRealized": plain(position.accumulated_realized),
        "leverage": leverage,
        "updateTime": position.update_time,
    }
