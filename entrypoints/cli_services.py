"""The long-running commands — bot, web, demo — and pnl: load secrets, open the database, boot, serve until stopped."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from config.constants import ENV_DB_PATH, Defaults

EXIT_FAILURE, EXIT_CONFIG = 1, 2


def bot(args: argparse.Namespace) -> int:
    from entrypoints.bot.process import boot_bot, run_bot
    from entrypoints.containers.adapters import sqlite_adapters
    from entrypoints.containers.bot import build_bot_container

    secrets, database = boot_logging_and_secrets(args, mode=None)
    container = build_bot_container(secrets, sqlite_adapters(database))
    return serve(container, lambda: boot_bot(container, str(database)), partial(run_bot, container))


def pnl(args: argparse.Namespace) -> int:
    import anyio

    from entrypoints.containers.adapters import sqlite_adapters
    from entrypoints.containers.bot import build_bot_container
    from entrypoints.database_mode import check_database
    from entrypoints.pnl import income_totals, print_check, print_totals, projected_totals

    secrets, database = boot_logging_and_secrets(args, mode=None)
    container = build_bot_container(secrets, sqlite_adapters(database))
    try:
        check_database(container.adapters.identity_store(), database, secrets.mode, secrets.credentials.fingerprint())
        container.projector().catch_up()
        local = projected_totals(container.projector().state.pnl_days())
        if not args.check:
            print_totals(local, sys.stdout)
            return 0
        symbol = container.settings().trading.symbol

        async def fetch() -> Any:
            async with container.gateway() as gateway:
                return await income_totals(gateway, symbol)

        return 0 if print_check(local, anyio.run(fetch), sys.stdout) else EXIT_FAILURE
    finally:
        container.shutdown_resources()


def web(args: argparse.Namespace) -> int:
    from entrypoints.containers.adapters import sqlite_adapters
    from entrypoints.log_level import follow_log_level
    from entrypoints.runtime import configure_logging, log_options
    from entrypoints.web import serve_web

    configure_logging(options=log_options(args))
    database = database_path(args)
    adapters = sqlite_adapters(database)
    try:
        container = web_container(args, adapters, database)
    except BaseException:
        adapters.shutdown_resources()
        raise
    from entrypoints.web.security.client import TrustedProxies

    proxies = TrustedProxies(tuple(args.trusted_proxy))
    tls = {"certfile": args.certfile, "keyfile": args.keyfile}
    return serve(
        container,
        lambda: None,
        partial(serve_web, container, trusted_proxies=proxies, **tls),
        partial(follow_log_level, adapters.config_store()),
    )


def trusted_proxy(value: str) -> Any:
    """argparse type of `web --trusted-proxy`: one network, or an error argparse prints naming the flag."""
    from entrypoints.web.security.client import FLAG, trusted_network

    try:
        return trusted_network(value)
    except ValueError as exc:
        # argparse adds "argument --trusted-proxy: " itself
        raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{FLAG}: ")) from None


def web_container(args: argparse.Namespace, adapters: Any, database: Path) -> Any:
    """The web takes its mode from the database and needs no exchange keys (ADR 0046); a fresh database is bound to
    the mode asked for (else sim), so no bot of another mode can take it over under a running web."""
    from config.secrets import stated_mode
    from entrypoints.containers.web import build_web_container
    from entrypoints.database_mode import bind_database, check_database, describe
    from entrypoints.runtime import phase

    stated = stated_mode(args.secrets)
    identity = check_database(adapters.identity_store(), database, stated)
    mode = identity.mode.value if identity else stated or Defaults.MODE
    secrets = load_secrets_logged(args, mode, exchange_keys=False)
    with phase(f"bind database {database}") as details:
        details["to"] = describe(bind_database(adapters.identity_store(), database, mode, None))
    return build_web_container(secrets, adapters, host=args.host, port=args.port)


def demo(args: argparse.Namespace) -> int:
    from entrypoints.bot.process import boot_bot, run_bot
    from entrypoints.containers.adapters import sqlite_adapters
    from entrypoints.containers.bot import build_bot_container
    from entrypoints.containers.web import build_web_container
    from entrypoints.demo import (
        DEMO_USER,
        DemoOptions,
        announce_when_serving,
        demo_database,
        demo_login,
        demo_secrets,
        demo_sim_app,
        demo_simulation,
        reachable_host,
        seed_demo_settings,
        serve_demo,
        use_simulation_clock,
    )
    from entrypoints.runtime import phase
    from entrypoints.web import serve_web, web_url

    try:
        options = DemoOptions(
            sim_host=args.sim_host,
            sim_port=args.sim_port,
            web_host=args.host,
            web_port=args.port,
            speed=args.speed,
            seed=args.seed,
            spot_balance=args.spot_balance,
        )
    except ValueError as exc:
        print(f"alphaengine demo: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    secrets, _ = boot_logging_and_secrets(args, mode="sim")
    secrets, database = demo_secrets(secrets, options), demo_database(args.db)
    app = demo_sim_app(demo_simulation(options))
    # One adapter set for bot and web: one connection, and the simulation's clock instead of the wall clock
    adapters = sqlite_adapters(database)
    clock = use_simulation_clock(adapters, app)
    bot = build_bot_container(secrets, adapters, time_scale=options.speed)
    web = build_web_container(secrets, adapters, host=args.host, port=args.port, time_scale=options.speed)

    banner = ""

    def boot() -> None:
        nonlocal banner
        with phase("seed demo settings") as details:
            adapters.init_resources()
            details["written"] = seed_demo_settings(adapters.config_store(), clock) or "none"
        boot_bot(bot, str(database))
        password = demo_login(adapters.user_store(), clock)
        banner = (
            f"AlphaEngine demo (sim mode): {web_url(args.host, args.port)}  (Ctrl-C to stop)\n"
            f"  login: {DEMO_USER} / {password}  (a new password every start)\n"
            f"  simulator: {secrets.endpoints.rest_url} at x{options.speed:g} (/_sim/state, /_sim/orders)"
        )

    async def announce(stop: Any) -> None:
        # Printed once the dashboard answers, so the URL and login shown can be used at once
        url = web_url(reachable_host(args.host), args.port)
        await announce_when_serving(url, lambda: print(banner, flush=True), stop)

    sim_and_bot = partial(serve_demo, app, options, partial(run_bot, bot))
    return serve(adapters, boot, sim_and_bot, partial(serve_web, web), announce)


def boot_logging_and_secrets(args: argparse.Namespace, mode: str | None) -> tuple[Any, Path]:
    from entrypoints.runtime import configure_logging, log_options

    configure_logging(options=log_options(args))
    return load_secrets_logged(args, mode), database_path(args)


def load_secrets_logged(args: argparse.Namespace, mode: str | None, *, exchange_keys: bool = True) -> Any:
    from config.secrets import load_secrets
    from entrypoints.runtime import phase

    with phase("load secrets") as details:
        secrets = load_secrets(args.secrets, mode=mode, exchange_keys=exchange_keys)
        details["mode"] = secrets.mode
        details["from"] = secrets.source or "defaults and environment"
    return secrets


def serve(container: Any, boot: Callable[[], Any], *services: Any) -> int:
    """Boot, run the services until a signal, and always release the container's resources."""
    import anyio

    from entrypoints.runtime import phase, run_until_stopped

    try:
        boot()
        anyio.run(partial(run_until_stopped, *services), backend="asyncio")
    finally:
        with phase("shut down"):
            container.shutdown_resources()
    return 0


def database_path(args: argparse.Namespace) -> Path:
    given: Path | None = args.db
    if given is not None:
        return given
    return Path(os.environ[ENV_DB_PATH]) if os.environ.get(ENV_DB_PATH) else Defaults.DB_PATH
