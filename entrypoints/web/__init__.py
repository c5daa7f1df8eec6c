"""The web process: the Quart app served by Hypercorn until stopped."""

from __future__ import annotations

import logging
from pathlib import Path

import anyio
from hypercorn.asyncio import serve
from hypercorn.config import Config

from entrypoints.containers.web import WebContainer
from entrypoints.web.app import create_app
from entrypoints.web.security import SecuritySettings, security_installer
from entrypoints.web.security.client import TrustedProxies
from entrypoints.web.security.startup import GUARDED_MODES, check_web_startup

log = logging.getLogger("alphaengine.web")


def web_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def served_security(mode: str, time_scale: float, proxies: TrustedProxies) -> SecuritySettings:
    """The policy the web server runs: in production and testnet (real money) traders and admins must have a second
    factor and confirm dangerous actions (ADR 0085); times in real seconds on a clock `time_scale` times faster."""
    settings = SecuritySettings(trusted_proxies=proxies, second_factor_required=mode in GUARDED_MODES)
    return settings.on_clock_scaled_by(time_scale)


async def serve_web(
    container: WebContainer,
    stop: anyio.Event,
    *,
    certfile: Path | None = None,
    keyfile: Path | None = None,
    trusted_proxies: TrustedProxies | None = None,
) -> None:
    """Serve the app on the container's host and port; return after a graceful shutdown once `stop` is set.

    Refuses first (UnsafeWebStartup) when production or testnet would serve with a weak secret, or off loopback
    without TLS, or when the certificate and key cannot be loaded. trusted_proxies: the peers whose X-Forwarded-For
    and X-Forwarded-Proto are believed (ADR 0073).
    """
    host, port = container.config.host(), container.config.port()
    check_web_startup(container.config.mode(), container.secrets().web_secret_key.reveal(), host, certfile, keyfile)
    config = Config()
    if certfile is not None and keyfile is not None:
        config.certfile, config.keyfile = str(certfile), str(keyfile)
    config.bind = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]
    config.errorlog = logging.getLogger("hypercorn.error")
    config.graceful_timeout = 1.0
    proxies = trusted_proxies or TrustedProxies()
    if proxies.networks:
        names = ", ".join(str(network) for network in proxies.networks)
        log.info("believing X-Forwarded-For and X-Forwarded-Proto only from %s", names)
    # Whether a request came over TLS is decided per request (our certificate, or https from a trusted proxy)
    settings = served_security(container.config.mode(), container.config.time_scale(), proxies)
    security = security_installer(container, settings)
    # The stop event also ends open event streams, so they do not hold the graceful shutdown up
    await serve(create_app(container, security=security, stopping=stop), config, shutdown_trigger=stop.wait)
