"""What the bot trades, as its health row says (ADR 0044): the web's commands and dashboard follow it, not the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from config.errors import SettingsError
from config.settings import (
    RESTART_KEYS,
    RiskSettings,
    TradingSettings,
    default_sections,
    default_settings,
    validate_section,
)
from entrypoints.strategy_check import check_strategy


@dataclass(frozen=True)
class Traded:
    """The traded symbol and account; `pending` lists stored trading settings that wait for the bot's next start."""

    symbol: str
    account_id: str
    pending: tuple[str, ...]
    settings_refused: str | None
    risk: RiskSettings


def traded(ports: Any) -> Traded:
    """The bot's published symbol and account; before any bot ran, the stored ones (it will start on them)."""
    stored = {entry.key: entry.value for entry in ports.config_store().all()}
    trading: TradingSettings = _section(stored, "trading")
    health = ports.health_store().read()
    if health is None or health.symbol is None or health.account_id is None:
        return Traded(trading.symbol, trading.account_id, (), None, _section(stored, "risk"))
    running = {"trading.symbol": health.symbol, "trading.account_id": health.account_id}
    stored_values = {key: getattr(trading, key.split(".")[1]) for key in RESTART_KEYS}
    pending = tuple(f"{key} = {stored_values[key]} (the bot trades {running[key]})"
                    for key in RESTART_KEYS if stored_values[key] != running[key])
    return Traded(health.symbol, health.account_id, pending, health.settings_refused, _section(stored, "risk"))


def _section(stored: dict[str, Any], key: str) -> Any:
    # A stored value the validation refuses is one the bot does not run either: the default stands in for display
    try:
        return validate_section(key, stored.get(key, default_sections()[key]), check_strategy)
    except SettingsError:
        return getattr(default_settings(), key)
