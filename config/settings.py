"""Runtime settings: one config_store entry per section, validated by marshmallow schemas (unknown keys raise)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate

from config.constants import KLINE_INTERVALS, LOG_LEVELS
from config.errors import SettingsError, from_validation

SECTIONS = ("trading", "strategy", "risk", "engine", "logging")


@dataclass(frozen=True)
class TradingSettings:
    symbol: str
    account_id: str


@dataclass(frozen=True)
class StrategySettings:
    name: str
    timeframe: str
    params: dict[str, Any]


@dataclass(frozen=True)
class RiskSettings:
    """Fractions of equity: both in (0, 1]."""

    max_risk_per_trade: Decimal
    daily_loss_limit: Decimal


@dataclass(frozen=True)
class EngineSettings:
    poll_interval_sec: int


@dataclass(frozen=True)
class LoggingSettings:
    level: str


@dataclass(frozen=True)
class Settings:
    trading: TradingSettings
    strategy: StrategySettings
    risk: RiskSettings
    engine: EngineSettings
    logging: LoggingSettings


def _pattern(regex: str, expected: str) -> validate.Regexp:
    return validate.Regexp(regex, error=f"must be {expected}")


def _one_of(choices: tuple[str, ...]) -> validate.OneOf:
    return validate.OneOf(choices, error=f"must be one of {', '.join(choices)}")


class _SectionSchema(Schema):
    class Meta:
        unknown = RAISE

    make: type = object

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> Any:
        return self.make(**data)


class _TradingSchema(_SectionSchema):
    make = TradingSettings
    symbol = fields.String(required=True, validate=_pattern(r"^[A-Z0-9]+$", "uppercase letters and digits (XRPUSDT)"))
    account_id = fields.String(required=True, validate=_pattern(r"^[A-Za-z0-9_-]{1,64}$", "1-64 of A-Z a-z 0-9 _ -"))


class _StrategySchema(_SectionSchema):
    make = StrategySettings
    name = fields.String(required=True, validate=_pattern(r"^[a-z][a-z0-9_]*$", "a lowercase name like sma_cross"))
    timeframe = fields.String(required=True, validate=_one_of(KLINE_INTERVALS))
    params = fields.Dict(keys=fields.String(), required=True)


_FRACTION = validate.Range(min=0, max=1, min_inclusive=False, error="must be greater than 0 and at most 1")


class _RiskSchema(_SectionSchema):
    make = RiskSettings
    max_risk_per_trade = fields.Decimal(required=True, as_string=True, validate=_FRACTION)
    daily_loss_limit = fields.Decimal(required=True, as_string=True, validate=_FRACTION)


class _EngineSchema(_SectionSchema):
    make = EngineSettings
    poll_interval_sec = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, error="must be a whole number of seconds > 0"),
    )


class _LoggingSchema(_SectionSchema):
    make = LoggingSettings
    level = fields.String(required=True, validate=_one_of(LOG_LEVELS))


_SCHEMAS: dict[str, type[_SectionSchema]] = {
    "trading": _TradingSchema,
    "strategy": _StrategySchema,
    "risk": _RiskSchema,
    "engine": _EngineSchema,
    "logging": _LoggingSchema,
}


def default_sections() -> dict[str, dict[str, Any]]:
    """The PRD §4.10 example, JSON-ready (Decimals as strings)."""
    return {
        "trading": {"symbol": "XRPUSDT", "account_id": "main"},
        "strategy": {"name": "sma_cross", "timeframe": "5m", "params": {"fast": 10, "slow": 20}},
        "risk": {"max_risk_per_trade": "0.02", "daily_loss_limit": "0.05"},
        "engine": {"poll_interval_sec": 30},
        "logging": {"level": "INFO"},
    }


def default_settings() -> Settings:
    return settings_from_sections(default_sections())


def validate_section(key: str, value: Any) -> Any:
    """Return the typed section for a raw JSON value; SettingsError names the dotted key of the first problem."""
    schema = _schema(key)
    if not isinstance(value, Mapping):
        raise SettingsError(key, f"must be an object with {', '.join(schema.fields)}")
    try:
        return schema.load(dict(value))
    except ValidationError as exc:
        raise from_validation(SettingsError, exc, key) from None


def dump_section(section: Any) -> dict[str, Any]:
    """Return a typed section as JSON-ready data (Decimals as strings), the form stored in config_store."""
    key = next((k for k, schema in _SCHEMAS.items() if isinstance(section, schema.make)), None)
    if key is None:
        raise TypeError(f"{type(section).__name__} is not a settings section")
    return _schema(key).dump(section)


def dump_settings(settings: Settings) -> dict[str, dict[str, Any]]:
    return {key: dump_section(getattr(settings, key)) for key in SECTIONS}


def settings_from_sections(sections: Mapping[str, Any]) -> Settings:
    """Validate the stored sections; a missing section takes its default, keys outside SECTIONS are ignored."""
    defaults = default_sections()
    return Settings(**{key: validate_section(key, sections.get(key, defaults[key])) for key in SECTIONS})


def with_value(sections: Mapping[str, Any], dotted_key: str, value: Any) -> tuple[str, Any]:
    """Return (section, its new raw value) after setting `dotted_key` (e.g. risk.max_risk_per_trade) to `value`."""
    section, *path = dotted_key.split(".")
    _schema(section)
    if "" in path:
        raise SettingsError(dotted_key, "is not a dotted key like risk.max_risk_per_trade")
    if not path:
        return section, value
    current = sections.get(section, default_sections()[section])
    updated = copy.deepcopy(dict(current)) if isinstance(current, Mapping) else {}
    node = updated
    for depth, name in enumerate(path[:-1], start=1):
        child = node.setdefault(name, {})
        if not isinstance(child, dict):
            raise SettingsError(".".join([section, *path[:depth]]), "is not an object; cannot set a key inside it")
        node = child
    node[path[-1]] = value
    return section, updated


def _schema(key: str) -> _SectionSchema:
    if key not in _SCHEMAS:
        raise SettingsError(key or "(empty)", f"unknown settings section (expected one of {', '.join(SECTIONS)})")
    return _SCHEMAS[key]()
