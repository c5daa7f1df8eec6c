"""Taking a position down with reduce-only market orders, in rounds: a thin book can expire part of each one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal

from application.commands.effects import Effects
from application.commands.placement import adopt_existing, place
from domain.client_order_ids import client_order_id_for
from domain.commands import Command
from domain.order_request import OrderRequest
from domain.values import ZERO, OrderType, Side
from ports.errors import NeverPlaced

MAX_ROUNDS = 5

Remaining = Callable[[Decimal], Awaitable[Decimal]]
"""Given the quantity reduced so far, the signed quantity still to take off (positive = long, to be sold)."""


async def reduce_in_rounds(fx: Effects, command: Command, leg: str, remaining: Remaining) -> tuple[Decimal, Decimal]:
    """Send reduce-only market orders as legs leg, leg2, … until nothing remains; return (reduced, still left).

    Each round has its own client id, so a re-run adopts the rounds already sent instead of sending them again.
    """
    done = ZERO
    for round_no in range(1, MAX_ROUNDS + 1):
        name = leg if round_no == 1 else f"{leg}{round_no}"
        client_order_id = client_order_id_for(command.command_id, name)
        try:
            facts = await adopt_existing(fx, client_order_id)
        except NeverPlaced:
            # That round's send proved to have taken nothing off: the next round, under its own id, sends what is left
            continue
        if facts is None:
            left = await remaining(done)
            if left == ZERO:
                return done, ZERO
            side = Side.SELL if left > ZERO else Side.BUY
            request = OrderRequest(fx.symbol, client_order_id, side, OrderType.MARKET, abs(left), reduce_only=True)
            facts = await place(fx, command, name, request)
        fx.record_order(command, facts)
        done += facts.filled_qty
    return done, await remaining(done)
