"""Sees every market window the simulation produces, whoever advanced it (a REST request or the stream ticker).

Simulation.advance() returns its market events to the caller only, and REST requests discard them; the tap wraps
the instance's advance so each window also reaches the streams. A listener hook on Simulation would replace this.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from adapters.simulator.market.events import MarketEvent
from adapters.simulator.server.ws.book_depth import Book, DiffMemory
from adapters.simulator.server.ws.market_window import MarketWindow
from adapters.simulator.simulation import Simulation

_log = logging.getLogger(__name__)

WindowListener = Callable[[MarketWindow], None]


def tap_market(simulation: Simulation, listener: WindowListener) -> None:
    """Call `listener` with every non-empty window of `simulation.advance()` from now on (tap a simulation once)."""
    original = simulation.advance
    diffs = DiffMemory()

    def book() -> Book:
        return simulation.engine.depth(simulation.symbol)

    def advance() -> list[MarketEvent]:
        after = simulation.market.now
        events = original()
        until = simulation.market.now
        if until > after:
            try:
                listener(MarketWindow(simulation.market, after, until, events, book, diffs))
            except Exception:  # noqa: BLE001 - logged with its traceback
                # A stream bug must not fail the REST request that happened to advance the market
                _log.exception("market streams failed on the window up to %s", until.isoformat())
        return events

    # method-assign: the tap wraps advance() in place, so every caller (REST handler, ticker, control) feeds the streams
    simulation.advance = advance  # type: ignore[method-assign]
