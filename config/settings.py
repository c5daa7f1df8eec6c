"""Runtime settings: one config_store entry per section, validated by marshmallow schemas (unknown keys raise).

This module is the one authority on what a setting may be (ADR 0044): the web, `alphaengine config set`, the
UpdateConfig command and the bot (at boot and while it runs) all validate through `checked_update` or
`validate_section`, with the installed strategies passed in as a `StrategyCheck`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate, validates_schema

from config.constants import KLINE_INTERVALS, LOG_LEVELS
from config.errors import SettingsError, from_validation
from config.numbers import MAX_PARAMS, BoundedDecimal, check_param_value

SECTIONS = ("trading", "strategy", "risk", "engine", "logging")
# Settings that are part of every stored fact's scope: the running bot takes them at its next start
RESTART_KEYS = ("trading.symbol", "trading.account_id")
# A day: the bench keeps REST passes out of its measurements with one; the PRD default is 30 s
POLL_INTERVAL_MAX_SEC = 86_400
MAX_KEY_DEPTH = 4
_KEY_PART = re.compile(r"^[A-Za-z0-9_]{1,64}$")

StrategyCheck = Callable[[str, Mapping[str, Any]], None]
"""Check a strategy name and its params against the installed strategies; raise SettingsError naming
`strategy.name` or `strategy.params.<param>`. Supplied by the entry points (config imports nothing of ours)."""


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
    symbol = fields.String(
        required=True,
        validate=_pattern(r"^[A-Z0-9]{1,32}$", "1-32 uppercase letters and digits (XRPUSDT)"),
    )
    account_id = fields.String(required=True, validate=_pattern(r"^[A-Za-z0-9_-]{1,64}$", "1-64 of A-Z a-z 0-9 _ -"))


class _StrategySchema(_SectionSchema):
    make = StrategySettings
    name = fields.String(
        required=True,
        validate=_pattern(r"^[a-z][a-z0-9_]{0,63}$", "a lowercase name like sma_cross"),
    )
    timeframe = fields.String(required=True, validate=_one_of(KLINE_INTERVALS))
    params = fields.Dict(
        keys=fields.String(validate=_pattern(_KEY_PART.pattern, "1-64 of A-Z a-z 0-9 _")),
        required=True,
        validate=validate.Length(max=MAX_PARAMS, error=f"must have at most {MAX_PARAMS} entries"),
    )

    @validates_schema
    def _scalar_params(self, data: dict[str, Any], **_: Any) -> None:
        # Bounded here for any strategy; what each value means is the strategy's own check (StrategyCheck)
        problems = {}
        for name, value in data.get("params", {}).items():
            try:
                check_param_value(value)
            except ValueError as error:
                problems[name] = [str(error)]
        if problems:
            raise ValidationError({"params": problems})


def _fraction() -> BoundedDecimal:
    return BoundedDecimal(required=True, minimum=Decimal(0), maximum=Decimal(1), above=True)


class _RiskSchema(_SectionSchema):
    make = RiskSettings
    max_risk_per_trade = _fraction()
    daily_loss_limit = _fraction()


class _EngineSchema(_SectionSchema):
    make = EngineSettings
    poll_interval_sec = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(
            min=1,
            max=POLL_INTERVAL_MAX_SEC,
            error=f"must be a whole number of seconds from 1 to {POLL_INTERVAL_MAX_SEC}",
        ),
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
    """The defaults, typed (they use the built-in sma_cross, so no strategy check is needed)."""
    return Settings(**{key: _load(key, value) for key, value in default_sections().items()})


def validate_section(key: str, value: Any, strategies: StrategyCheck) -> Any:
    """Return the typed section for a raw JSON value; SettingsError names the dotted key of the first problem."""
    section = _load(key, value)
    if isinstance(section, StrategySettings):
        strategies(section.name, section.params)
    return section


def dump_section(section: Any) -> dict[str, Any]:
    """Return a typed section as JSON-ready data (Decimals as strings), the form stored in config_store."""
    key = next((k for k, schema in _SCHEMAS.items() if isinstance(section, schema.make)), None)
    if key is None:
        raise TypeError(f"{type(section).__name__} is not a settings section")
    dumped: dict[str, Any] = _schema(key).dump(section)
    return dumped


def dump_settings(settings: Settings) -> dict[str, dict[str, Any]]:
    return {key: dump_section(getattr(settings, key)) for key in SECTIONS}


def settings_from_sections(sections: Mapping[str, Any], strategies: StrategyCheck) -> Settings:
    """Validate the stored sections; a missing section takes its default, keys outside SECTIONS are ignored."""
    defaults = default_sections()
    return Settings(**{key: validate_section(key, sections.get(key, defaults[key]), strategies) for key in SECTIONS})


def checked_update(
    sections: Mapping[str, Any], dotted_key: str, value: Any, strategies: StrategyCheck
) -> tuple[str, Any]:
    """Return (section, its normalised new value) after setting `dotted_key` to `value` in `sections`.

    The one check every writer runs before storing (web, CLI, UpdateConfig): SettingsError names the field.
    """
    section, raw = with_value(sections, dotted_key, value)
    return section, dump_section(validate_section(section, raw, strategies))


def with_value(sections: Mapping[str, Any], dotted_key: str, value: Any) -> tuple[str, Any]:
    """Return (section, its new raw value) after setting `dotted_key` (e.g. risk.max_risk_per_trade) to `value`."""
    section, *path = dotted_key.split(".")
    _schema(section)
    if len(path) > MAX_KEY_DEPTH or not all(_KEY_PART.match(part) for part in path):
        raise SettingsError(dotted_key[:200], "is not a dotted key like risk.max_risk_per_trade")
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


def _load(key: str, value: Any) -> Any:
    schema = _schema(key)
    if not isinstance(value, Mapping):
        raise SettingsError(key, f"must be an object with {', '.join(schema.fields)}")
    try:
        return schema.load(dict(value))
    except ValidationError as exc:
        raise from_validation(SettingsError, exc, key) from None


def _schema(key: str) -> _SectionSchema:
    if key not in _SCHEMAS:
        shown = key[:64] or "(empty)"
        raise SettingsError(shown, f"unknown settings section (expected one of {', '.join(SECTIONS)})")
    return _SCHEMAS[key]()


def section_fields(key: str) -> dict[str, fields.Field[Any]]:
    """The fields of a section's schema by name, in declaration order (the dashboard builds its form from them)."""
    return dict(_schema(key).fields)
