"""Binance's -4116 ("ClientOrderId is duplicated") on a placement, handled once for every face that places orders.

The code means an earlier send of the same client id took effect and that order is still open: it is adopted by
looking it up; if the lookup cannot find it, the outcome is unknown and the order is never sent again (ADR 0053).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from adapters.binance.rest.errors import DUPLICATED_CLIENT_ORDER_ID
from domain.events import OrderFacts
from ports.errors import ExchangeRejected, OutcomeUnknown

_log = logging.getLogger(__name__)


async def placed_or_adopted(
    send: Callable[[], Awaitable[OrderFacts]],
    look_up: Callable[[], Awaitable[OrderFacts | None]],
    where: str,
    client_order_id: str,
) -> OrderFacts:
    """`send` once; on -4116 the open order `look_up` finds; OutcomeUnknown when it finds none."""
    try:
        return await send()
    except ExchangeRejected as rejected:
        if rejected.code != DUPLICATED_CLIENT_ORDER_ID:
            raise
    _log.warning("%s %s: -4116 duplicated client id, adopting the open order", where, client_order_id)
    found = await look_up()
    if found is None:
        raise OutcomeUnknown(
            f"{where}: -4116 says {client_order_id} is an open order, yet looking it up found nothing (outcome unknown)"
        )
    return found
