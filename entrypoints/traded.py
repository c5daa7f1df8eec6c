"""What the bot trades, as its health row says (ADR 0044): the web's commands and dashboard follow it, not the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from config.errors import SettingsError
from config.settings import RESTART_KEYS, RiskSettings, TradingSettings, default_settings, validate_section
from entrypoints.settings_boot import last_valid
from entrypoints.strategy_check import check_strategy
from ports.config_store import ConfigEntry

# The caller passed no health row (None is a real answer: no bot has run yet)
_UNREAD: Any = object()


@dataclass(frozen=True)
class Traded:
    """The traded symbol and account; `pending` lists stored trading settings that wait for the bot's next start."""

    symbol: str
    account_id: str
    pending: tuple[str, ...]
    settings_refused: str | None
    risk: RiskSettings


def traded(ports: Any, stored: Mapping[str, ConfigEntry] | None = None, health: Any = _UNREAD) -> Traded:
    """The bot's published symbol and account; before any bot ran, the stored ones (it will start on them).

    `stored` (entries by key) and `health` are read from the ports unless the caller already holds them.
    """
    stored = stored_settings(ports) if stored is None else stored
    trading: TradingSettings = _section(ports, stored, "trading")
    health = ports.health_store().read() if health is _UNREAD else health
    if health is None or health.symbol is None or health.account_id is None:
        return Traded(trading.symbol, trading.account_id, (), None, _section(ports, stored, "risk"))
    running = {"trading.symbol": health.symbol, "trading.account_id": health.account_id}
    stored_values = {key: getattr(trading, key.split(".")[1]) for key in RESTART_KEYS}
    pending = tuple(
        f"{key} = {stored_values[key]} (the bot trades {running[key]})"
        for key in RESTART_KEYS
        if stored_values[key] != running[key]
    )
    return Traded(health.symbol, health.account_id, pending, health.settings_refused, _section(ports, stored, "risk"))


def stored_settings(ports: Any) -> dict[str, ConfigEntry]:
    """Every stored settings entry by key, in one read."""
    return {entry.key: entry for entry in ports.config_store().all()}


def _section(ports: Any, stored: Mapping[str, ConfigEntry], key: str) -> Any:
    """The section as the bot runs it: the stored one if valid, else its last valid version (as the bot boots)."""
    entry = stored.get(key)
    if entry is None:
        return getattr(default_settings(), key)
    try:
        return validate_section(key, entry.value, check_strategy)
    except SettingsError:
        fallback = last_valid(ports.event_store(), key, entry.version, check_strategy)
        return getattr(default_settings(), key) if fallback is None else fallback[1]
