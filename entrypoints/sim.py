"""The `alphaengine sim` process: the Binance-protocol simulator served by Hypercorn until stopped."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from config.constants import Defaults, SimCredentials

if TYPE_CHECKING:
    import anyio
    from quart import Quart

    from adapters.simulator.faults.setting import FaultSetting
    from adapters.simulator.simulation import Simulation

    Fault = tuple[str, FaultSetting]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = Defaults.SIM_PORT
# Sim-only credentials, public on purpose: the same pair the bot uses in sim mode
DEFAULT_API_KEY = SimCredentials.API_KEY
DEFAULT_API_SECRET = SimCredentials.API_SECRET


@dataclass(frozen=True)
class SimSettings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    seed: int = 42
    api_key: str = DEFAULT_API_KEY
    api_secret: str = DEFAULT_API_SECRET
    speed: float = 1.0
    symbol: str = "XRPUSDT"
    balance: Decimal = Decimal("10000")
    spot_balance: Decimal = Decimal("0")
    start: datetime | None = None  # None: the wall clock at start-up, so real clients' timestamps pass -1021
    faults: tuple[Fault, ...] = ()  # armed at start-up, as `--fault NAME[:key=value,...]` gives them


def fault_option(text: str) -> Fault:
    """argparse type of --fault: `NAME[:count=3,seconds=2,placed=false]`; a bad spec is an error naming it."""
    from adapters.simulator.faults.spec import parse_fault_option

    try:
        return parse_fault_option(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"bad fault spec {text!r}: {exc}") from None


# A start balance is a whole account's worth, never more than this many units of the asset
MAX_START_BALANCE = Decimal("1000000000")


def balance_option(text: str) -> Decimal:
    """argparse type of --balance / --spot-balance: a plain decimal from 0 to 1e9 with at most 8 decimals."""
    from decimal import InvalidOperation

    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number: give an amount such as 10000") from None
    exponent = value.as_tuple().exponent if value.is_finite() else 0
    if not value.is_finite() or not 0 <= value <= MAX_START_BALANCE or (isinstance(exponent, int) and exponent < -8):
        raise argparse.ArgumentTypeError(f"{text!r}: give an amount from 0 to {MAX_START_BALANCE} with ≤ 8 decimals")
    return value


def sim_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def build_simulation(settings: SimSettings) -> Simulation:
    # Imported here so `alphaengine --help` does not load the simulator and Quart
    from adapters.simulator.simulation import Simulation, SimulationOptions

    start = settings.start or datetime.now(UTC)
    return Simulation(
        SimulationOptions(
            seed=settings.seed,
            symbol=settings.symbol,
            balance=settings.balance,
            spot_balance=settings.spot_balance,
            factor=settings.speed,
            start=start,
        )
    )


def build_sim_app(simulation: Simulation, api_keys: Mapping[str, str], faults: Sequence[Fault] = ()) -> Quart:
    """The simulator's app with `faults` armed; ValueError names an unknown fault."""
    from adapters.simulator.server.app import create_sim_app
    from adapters.simulator.server.control.routes import fault_boards

    app = create_sim_app(simulation, api_keys)
    boards = fault_boards(app.config["SIM_FACE"])
    for name, setting in faults:
        boards.arm(name, setting)
    return app


async def serve_sim(
    simulation: Simulation,
    api_keys: Mapping[str, str],
    host: str,
    port: int,
    stop: anyio.Event,
    faults: Sequence[Fault] = (),
) -> None:
    """Serve the simulator on host:port (with `faults` armed); return after a graceful shutdown once `stop` is set."""
    await serve_app(build_sim_app(simulation, api_keys, faults), host, port, stop)


async def serve_app(app: Quart, host: str, port: int, stop: anyio.Event) -> None:
    from hypercorn.asyncio import serve
    from hypercorn.config import Config

    from adapters.simulator.server.ws.pings import ping_interval

    config = Config()
    config.bind = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]
    config.errorlog = logging.getLogger("hypercorn.error")
    config.accesslog = None
    config.graceful_timeout = 1.0
    # Binance pings every 3 minutes; Hypercorn sends the control frames, scaled here to the simulated clock
    config.websocket_ping_interval = ping_interval(app.config["SIM_FACE"].simulation.clock.factor)
    await serve(app, config, shutdown_trigger=stop.wait)


def banner(settings: SimSettings) -> str:
    return (
        f"AlphaEngine Binance simulator ({settings.symbol}, seed {settings.seed}, speed x{settings.speed}): "
        f"{sim_url(settings.host, settings.port)}\n  API key: {settings.api_key}\n  API secret: "
        f"{settings.api_secret}\n  (sim-only credentials; Ctrl-C to stop)"
        + "".join(f"\n  fault armed: {name} {setting}" for name, setting in settings.faults)
    )
