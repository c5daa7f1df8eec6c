"""Commands in flight (SENT): what an unknown outcome leaves, and the exposure it may already be (ADR 0048)."""

from __future__ import annotations

from decimal import Decimal

from domain.client_order_ids import client_order_id_for
from domain.commands import CommandRecord, CommandStatus, PlaceOrder
from domain.values import ZERO
from ports.command_store import CommandStore

PAGE = 100
MAIN_LEG = "main"


def in_flight(commands: CommandStore) -> list[CommandRecord]:
    """Every SENT command, oldest first."""
    records: list[CommandRecord] = []
    while batch := commands.list(CommandStatus.SENT, limit=PAGE, offset=len(records)):
        records.extend(batch)
        if len(batch) < PAGE:
            break
    return sorted(records, key=lambda record: (record.command.created_at, record.command.command_id))


def unresolved_quantity(commands: CommandStore) -> Decimal:
    """Signed quantity of in-flight entries whose main order the exchange has not shown yet: it may already be held."""
    total = ZERO
    for record in in_flight(commands):
        payload = record.command.payload
        if not isinstance(payload, PlaceOrder) or payload.reduce_only or payload.close_position:
            continue
        link = commands.order_link(client_order_id_for(record.command.command_id, MAIN_LEG))
        if link is None or link.exchange_order_id is None:
            total += payload.side.sign * payload.quantity
    return total
