"""Server pings: Binance pings every 3 minutes; the simulator's interval shrinks with the clock's acceleration.

Control frames are Hypercorn's business (ASGI cannot send or see them): it answers client pings by itself and sends
the server's pings when its `websocket_ping_interval` is set, which `alphaengine sim` takes from here.
"""

from __future__ import annotations

BINANCE_PING_SECONDS = 180.0
MIN_PING_SECONDS = 1.0


def ping_interval(factor: float) -> float:
    """Real seconds between server pings for a clock running `factor` simulated seconds per real second."""
    if factor <= 0:
        return BINANCE_PING_SECONDS
    return max(MIN_PING_SECONDS, BINANCE_PING_SECONDS / factor)
