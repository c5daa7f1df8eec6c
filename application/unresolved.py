"""What the health row says of the commands an unknown outcome left SENT, so an operator sees them (ADR 0048)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from application.in_flight import MAIN_LEG, in_flight
from application.reconciler import ReconcileSchedule
from domain.commands import CommandRecord, PlaceOrder
from domain.times import format_utc
from domain.values import Side
from ports.command_store import CommandStore, OrderLink
from ports.health import UnresolvedOrder

# The health row is rewritten every heartbeat: it lists this many, the total counts the rest
LISTED = 20


@dataclass(frozen=True)
class UnresolvedOrders:
    """Every SENT command, per intent without an exchange id, with what the bot does about it.

    `settle_after` is the executor's: how long after its intent the trade history may prove an order absent.
    """

    commands: CommandStore
    schedule: ReconcileSchedule
    settle_after: timedelta

    def health_fields(self) -> dict[str, Any]:
        """unresolved_orders (the oldest LISTED) and unresolved_total, as BotHealth takes them."""
        # In-flight commands are looked up at every reconcile pass, which comes this often while one is unsettled
        every = f"{self.schedule.interval.total_seconds():g} s"
        found = [item for record in in_flight(self.commands) for item in self._unresolved(record, every)]
        return {"unresolved_orders": tuple(found[:LISTED]), "unresolved_total": len(found)}

    def _unresolved(self, record: CommandRecord, every: str) -> list[UnresolvedOrder]:
        command = record.command
        unknown = [link for link in self.commands.order_links(command.command_id) if link.exchange_order_id is None]
        if not unknown:
            # No intent left without an exchange id: the command itself has not ended (e.g. a cancel's answer lost)
            doing = f"running it again at every reconcile pass (every {every}) until the exchange answers"
            return [
                UnresolvedOrder(
                    command.command_id, command.type, None, None, False, None, None, record.updated_at, None, doing
                )
            ]
        return [self._intent(record, link, every) for link in unknown]

    def _intent(self, record: CommandRecord, link: OrderLink, every: str) -> UnresolvedOrder:
        command, payload = record.command, record.command.payload
        side: Side | None = None
        quantity: Decimal | None = None
        if isinstance(payload, PlaceOrder) and link.leg == MAIN_LEG:
            side, quantity = payload.side, payload.quantity
        provable_from = link.created_at + self.settle_after
        doing = (
            f"looking it up every {every}, never sending it again; its trade history can prove it was never "
            f"placed from {format_utc(provable_from)} at the earliest (a fill no known order explains blocks "
            f"that proof: then check it on the exchange); or send CancelOrder for {link.client_order_id} to "
            "settle it now: canceled if it is open, else taken as never placed"
        )
        return UnresolvedOrder(
            command.command_id,
            command.type,
            link.client_order_id,
            link.leg,
            link.conditional,
            side,
            quantity,
            link.created_at,
            provable_from,
            doing,
        )
