"""Runtime settings: PRD defaults, strict schemas with dotted error keys, JSON-ready dumps, dotted updates."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from config.errors import SettingsError
from config.settings import (
    SECTIONS,
    RiskSettings,
    default_sections,
    default_settings,
    dump_section,
    dump_settings,
    settings_from_sections,
    validate_section,
    with_value,
)
from entrypoints.strategy_check import check_strategy

validate = partial(validate_section, strategies=check_strategy)
stored_settings = partial(settings_from_sections, strategies=check_strategy)

PRD_EXAMPLE = {
    "trading": {"symbol": "XRPUSDT", "account_id": "main"},
    "strategy": {"name": "sma_cross", "timeframe": "5m", "params": {"fast": 10, "slow": 20}},
    "risk": {"max_risk_per_trade": "0.02", "daily_loss_limit": "0.05"},
    "engine": {"poll_interval_sec": 30},
    "logging": {"level": "INFO"},
}


def section_with(key: str, **changes: Any) -> dict[str, Any]:
    return {**default_sections()[key], **changes}


class TestDefaults:
    def test_the_defaults_are_the_prd_example(self) -> None:
        assert dump_settings(default_settings()) == PRD_EXAMPLE

    def test_risk_defaults_are_exact_decimals(self) -> None:
        risk = default_settings().risk

        assert (risk.max_risk_per_trade, risk.daily_loss_limit) == (Decimal("0.02"), Decimal("0.05"))

    def test_a_dump_is_json_ready_and_loads_back_to_the_same_settings(self) -> None:
        dumped = json.loads(json.dumps(dump_settings(default_settings())))

        assert stored_settings(dumped) == default_settings()


class TestValidation:
    def test_a_json_float_becomes_the_decimal_it_reads_as(self) -> None:
        risk = validate("risk", section_with("risk", max_risk_per_trade=0.01))

        assert risk == RiskSettings(Decimal("0.01"), Decimal("0.05"))
        assert dump_section(risk) == {"max_risk_per_trade": "0.01", "daily_loss_limit": "0.05"}

    def test_a_misspelled_key_is_named_with_its_section(self) -> None:
        value = {**section_with("risk"), "max_risk_pertrade": 0.01}

        with pytest.raises(SettingsError, match=r"^risk\.max_risk_pertrade: unknown field$"):
            validate("risk", value)

    @pytest.mark.parametrize("bad", [0, "0", -0.1, 1.5, "abc", True, "NaN", None])
    def test_risk_fractions_must_be_numbers_in_zero_to_one(self, bad: Any) -> None:
        with pytest.raises(SettingsError, match=r"^risk\.daily_loss_limit: "):
            validate("risk", section_with("risk", daily_loss_limit=bad))

    def test_one_is_a_valid_risk_fraction(self) -> None:
        assert validate("risk", section_with("risk", daily_loss_limit=1)).daily_loss_limit == Decimal(1)

    @pytest.mark.parametrize("bad", [0, -5, 30.5, "30", True])
    def test_the_poll_interval_is_a_positive_integer(self, bad: Any) -> None:
        with pytest.raises(SettingsError, match=r"^engine\.poll_interval_sec: "):
            validate("engine", {"poll_interval_sec": bad})

    def test_the_timeframe_is_a_binance_interval(self) -> None:
        assert validate("strategy", section_with("strategy", timeframe="1M")).timeframe == "1M"
        with pytest.raises(SettingsError, match=r"^strategy\.timeframe: must be one of 1m, 3m"):
            validate("strategy", section_with("strategy", timeframe="7m"))

    @pytest.mark.parametrize("bad", ["debug", "TRACE", "CRITICAL"])
    def test_the_log_level_is_one_of_four_names(self, bad: str) -> None:
        with pytest.raises(SettingsError, match=r"^logging\.level: must be one of DEBUG, INFO, WARNING, ERROR$"):
            validate("logging", {"level": bad})

    @pytest.mark.parametrize("bad", ["xrpusdt", "XRP-USDT", "", 5])
    def test_the_symbol_is_uppercase_letters_and_digits(self, bad: Any) -> None:
        with pytest.raises(SettingsError, match=r"^trading\.symbol: "):
            validate("trading", section_with("trading", symbol=bad))

    def test_a_missing_field_is_named(self) -> None:
        with pytest.raises(SettingsError, match=r"^trading\.account_id: missing data for required field$"):
            validate("trading", {"symbol": "BTCUSDT"})

    def test_an_unknown_section_is_named(self) -> None:
        with pytest.raises(SettingsError, match=r"^tradng: unknown settings section"):
            validate("tradng", {})

    def test_a_section_must_be_an_object(self) -> None:
        with pytest.raises(SettingsError, match=r"^engine: must be an object"):
            validate("engine", 30)

    def test_several_problems_stay_on_one_line(self) -> None:
        with pytest.raises(SettingsError) as error:
            validate("risk", {"max_risk_per_trade": 2, "daily_loss_limit": 2})

        assert "\n" not in str(error.value)
        assert "risk.daily_loss_limit" in str(error.value) and "risk.max_risk_per_trade" in str(error.value)


class TestStoredSections:
    def test_a_missing_section_takes_its_default(self) -> None:
        settings = stored_settings({"engine": {"poll_interval_sec": 5}})

        assert settings.engine.poll_interval_sec == 5
        assert settings.trading == default_settings().trading

    def test_keys_outside_the_settings_sections_are_ignored(self) -> None:
        assert stored_settings({"web_theme": {"x": 1}}) == default_settings()

    def test_there_are_five_sections(self) -> None:
        assert SECTIONS == ("trading", "strategy", "risk", "engine", "logging")


class TestDottedUpdates:
    def test_setting_a_leaf_keeps_the_rest_of_the_section(self) -> None:
        section, value = with_value(default_sections(), "risk.max_risk_per_trade", 0.01)

        assert (section, value) == ("risk", {"max_risk_per_trade": 0.01, "daily_loss_limit": "0.05"})

    def test_setting_a_nested_key_reaches_into_strategy_params(self) -> None:
        _, value = with_value(default_sections(), "strategy.params.fast", 12)

        assert value["params"] == {"fast": 12, "slow": 20}

    def test_the_input_sections_are_not_changed(self) -> None:
        sections = default_sections()

        with_value(sections, "strategy.params.fast", 12)

        assert sections == default_sections()

    def test_a_bare_section_key_replaces_the_whole_section(self) -> None:
        assert with_value({}, "logging", {"level": "DEBUG"}) == ("logging", {"level": "DEBUG"})

    def test_a_key_inside_a_scalar_is_rejected(self) -> None:
        with pytest.raises(SettingsError, match=r"^trading\.symbol: is not an object"):
            with_value(default_sections(), "trading.symbol.x", 1)

    def test_an_unknown_section_is_rejected(self) -> None:
        with pytest.raises(SettingsError, match=r"^risky: unknown settings section"):
            with_value(default_sections(), "risky.max", 1)

    def test_an_empty_path_part_is_rejected(self) -> None:
        with pytest.raises(SettingsError, match=r"^risk\.\.x: is not a dotted key"):
            with_value(default_sections(), "risk..x", 1)


class TestBounds:
    """Issue 11, scenario 2: every number is bounded, and a decimal is refused before anything expands it."""

    @pytest.mark.parametrize(
        ("bad", "problem"),
        [
            ("1e-999999999", "must have at most 8 decimal places, got '1e-999999999'"),
            ("1E+999999999", "must have at most 15 digits before the point, got '1E+999999999'"),
            ("0.000000001", "must have at most 8 decimal places"),
            ("NaN", "must be a finite number"),
            ("-Infinity", "must be a finite number"),
            ("0." + "1" * 40, "must be at most 32 characters long"),
            (10**400, "must have at most 15 digits before the point"),
            ([1], 'must be a decimal number like "0.02", got a list'),
        ],
    )
    def test_a_risk_fraction_is_refused_by_its_digits_and_exponent(self, bad: Any, problem: str) -> None:
        with pytest.raises(SettingsError) as error:
            validate("risk", section_with("risk", max_risk_per_trade=bad))

        assert str(error.value).startswith(f"risk.max_risk_per_trade: {problem}")

    def test_trailing_zeros_are_not_decimal_places(self) -> None:
        risk = validate("risk", section_with("risk", max_risk_per_trade="0.0200000000000"))

        assert risk.max_risk_per_trade == Decimal("0.02")

    @pytest.mark.parametrize("bad", [10**400, 86401, -(10**400)])
    def test_the_poll_interval_is_at_most_a_day(self, bad: int) -> None:
        with pytest.raises(
            SettingsError,
            match=r"^engine\.poll_interval_sec: must be a whole number of seconds "
            r"from 1 to 86400$",
        ):
            validate("engine", {"poll_interval_sec": bad})

    @pytest.mark.parametrize(
        ("params", "key", "problem"),
        [
            ({"fast": [1]}, "strategy.params.fast", "must be a number, a string or true/false, got a list"),
            ({"fast": "x" * 65}, "strategy.params.fast", "must be at most 64 characters long"),
            ({"fast": 10**16}, "strategy.params.fast", "must be at most 1000000000000000 in size"),
            ({"fast": 8, "slow": 3}, "strategy.params.fast", "must be smaller than slow (3), got 8"),
            ({"bogus": 1}, "strategy.params.bogus", "is unknown"),
        ],
    )
    def test_strategy_params_are_bounded_then_checked_by_the_strategy(
        self, params: Any, key: str, problem: str
    ) -> None:
        with pytest.raises(SettingsError) as error:
            validate("strategy", section_with("strategy", params=params))

        assert (error.value.key, problem in error.value.problem) == (key, True), str(error.value)

    def test_an_unknown_strategy_is_named_with_the_installed_ones(self) -> None:
        with pytest.raises(SettingsError, match=r"^strategy\.name: 'nope' is not an installed strategy \(installed: "):
            validate("strategy", section_with("strategy", name="nope"))

    def test_the_strategy_check_is_the_one_the_caller_supplies(self) -> None:
        seen: list[tuple[str, Any]] = []

        validate_section("strategy", default_sections()["strategy"], lambda name, params: seen.append((name, params)))

        assert seen == [("sma_cross", {"fast": 10, "slow": 20})]

    def test_a_dotted_key_deeper_than_four_levels_is_refused(self) -> None:
        with pytest.raises(SettingsError, match=r"is not a dotted key"):
            with_value(default_sections(), "strategy.params.a.b.c.d", 1)
