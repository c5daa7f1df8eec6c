"""Boot helpers shared by the entry points: logging, timed phases, runtime settings, signal-driven shutdown."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import anyio

from config.constants import ENV_LOG_FILE, ENV_LOG_FORMAT, LOG_BACKUPS, LOG_FORMATS, LOG_MAX_MB
from config.errors import ConfigError
from config.settings import SECTIONS, StrategyCheck, checked_update, default_sections
from entrypoints.log_lines import JsonLineFormatter, OneLineFormatter
from entrypoints.strategy_check import check_strategy
from ports.clock import Clock
from ports.config_store import ConfigEntry, ConfigStore
from ports.errors import ConfigVersionConflict

Service = Callable[[anyio.Event], Awaitable[None]]
log = logging.getLogger("alphaengine")
MIB = 1024 * 1024


@dataclass(frozen=True)
class LogOptions:
    """How the process logs (ADR 0079): text or JSON lines, to stderr or to a file rotated at max_mb."""

    format: str = "text"
    file: Path | None = None
    max_mb: int = 20


def log_options(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> LogOptions:
    """The --log-* flags, else $ALPHAENGINE_LOG_FORMAT / $ALPHAENGINE_LOG_FILE; a bad value raises ConfigError."""
    env = os.environ if env is None else env
    chosen = getattr(args, "log_format", None) or env.get(ENV_LOG_FORMAT) or "text"
    if chosen not in LOG_FORMATS:
        raise ConfigError(
            f"--log-format (or ${ENV_LOG_FORMAT})", f"must be one of {', '.join(LOG_FORMATS)}, got {chosen!r}"
        )
    file = getattr(args, "log_file", None) or env.get(ENV_LOG_FILE) or None
    given = getattr(args, "log_max_mb", None)
    max_mb = LogOptions.max_mb if given is None else given
    low, high = LOG_MAX_MB
    if not low <= max_mb <= high:
        raise ConfigError("--log-max-mb", f"must be between {low} and {high} (MiB), got {max_mb}")
    return LogOptions(chosen, None if file is None else Path(file), max_mb)


def configure_logging(level: str = "INFO", options: LogOptions = LogOptions()) -> None:
    """One line per record (control characters escaped), stamped in UTC like everything we store; a file rotates."""
    handler: logging.Handler
    if options.file is None:
        handler = logging.StreamHandler(sys.stderr)
    else:
        options.file.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            options.file, maxBytes=options.max_mb * MIB, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    handler.setFormatter(_formatter(options.format))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # httpx logs every request at INFO: the bot's polling would drown the boot phases and the trades
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("asyncio").addFilter(drop_cancelled_connection_callback)


def _formatter(name: str) -> logging.Formatter:
    if name == "json":
        return JsonLineFormatter()
    formatter = OneLineFormatter("%(asctime)s.%(msecs)03dZ %(levelname)-7s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    return formatter


def drop_cancelled_connection_callback(record: logging.LogRecord) -> bool:
    """False for CPython 3.11.7's spurious traceback when a server cancels a connection at shutdown.

    Its asyncio.streams callback calls task.exception() on a cancelled task (fixed in 3.11.8), so every Hypercorn
    connection still open at Ctrl-C printed a CancelledError traceback although nothing went wrong.
    """
    cancelled = record.exc_info is not None and isinstance(record.exc_info[1], asyncio.CancelledError)
    return not (cancelled and record.getMessage().startswith("Exception in callback StreamReaderProtocol"))


@contextmanager
def phase(name: str) -> Iterator[dict[str, Any]]:
    """Log `name` with its duration when the block ends; the block may add details to the yielded dict."""
    details: dict[str, Any] = {}
    started = time.perf_counter()
    yield details
    elapsed_ms = (time.perf_counter() - started) * 1000
    suffix = "".join(f", {key} {value}" for key, value in details.items())
    log.info("%s: done in %.1f ms%s", name, elapsed_ms, suffix)


def seed_settings(store: ConfigStore, clock: Clock) -> list[str]:
    """Write the default of every section not stored yet (updated_by "system"); return the keys written."""
    seeded = []
    defaults = default_sections()
    for key in SECTIONS:
        if store.get(key) is not None:
            continue
        try:
            store.put(key, defaults[key], expected_version=0, updated_by="system", now=clock.now())
            seeded.append(key)
        except ConfigVersionConflict:
            pass  # another process seeded it first: theirs is as good
    return seeded


def update_setting(
    store: ConfigStore,
    clock: Clock,
    dotted_key: str,
    value: Any,
    *,
    updated_by: str,
    expected_version: int | None = None,
    strategies: StrategyCheck = check_strategy,
) -> ConfigEntry:
    """Set one dotted key, validate its whole section, and write it if nobody changed it meanwhile."""
    seed_settings(store, clock)
    sections = {entry.key: entry.value for entry in store.all()}
    # Store the normalised form (Decimals as strings), not what was typed
    section, normalised = checked_update(sections, dotted_key, value, strategies)
    current = store.get(section)
    if expected_version is None:
        expected_version = 0 if current is None else current.version
    return store.put(section, normalised, expected_version=expected_version, updated_by=updated_by, now=clock.now())


async def run_until_stopped(*services: Service) -> None:
    """Run services side by side until SIGINT/SIGTERM, or until any of them returns; then let all finish."""
    stop = anyio.Event()

    async def _run(service: Service) -> None:
        try:
            await service(stop)
        finally:
            stop.set()

    async with anyio.create_task_group() as outer:
        outer.start_soon(_stop_on_signals, stop)
        async with anyio.create_task_group() as inner:
            for service in services:
                inner.start_soon(_run, service)
        outer.cancel_scope.cancel()


async def _stop_on_signals(stop: anyio.Event) -> None:
    # anyio.open_signal_receiver is POSIX-only; on Windows Ctrl-C arrives as KeyboardInterrupt instead
    if sys.platform == "win32":
        return
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async for signum in signals:
            log.info("received %s: stopping", signal.Signals(signum).name)
            stop.set()
            return
