"""Check a settings value from a request against the settings schema, naming the request field at fault."""

from __future__ import annotations

from typing import Any

from config.errors import SettingsError
from config.settings import checked_update
from entrypoints.strategy_check import check_strategy
from entrypoints.web.api.errors import ApiError
from ports.config_store import ConfigStore


def checked_section(store: ConfigStore, key: str, value: Any, *, key_field: str, value_field: str) -> tuple[str, Any]:
    """Return (section, its normalised new value) after setting `key` (a section or a dotted key) to `value`."""
    sections = {entry.key: entry.value for entry in store.all()}
    try:
        return checked_update(sections, key, value, check_strategy)
    except SettingsError as exc:
        field = _field(exc.key, key, key_field, value_field)
        raise ApiError(400, f"{field}: {exc.problem}", field) from None


def _field(error_key: str, key: str, key_field: str, value_field: str) -> str:
    # "risk.max_risk_per_trade" under key "risk" is the request's value.max_risk_per_trade
    if error_key == key or error_key.startswith(key + "."):
        return value_field + error_key[len(key) :]
    return key_field
