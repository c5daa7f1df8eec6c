"""`alphaengine config show|set`: defaults seeded once, dotted updates validated per section, one-line errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from adapters.sqlite.connection import open_database
from adapters.sqlite.health import SqliteHealthStore
from ports.health import BotHealth

if TYPE_CHECKING:
    from tests.cli.conftest import Cli


T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def show(cli: Cli) -> dict[str, Any]:
    result = cli.run("config", "show", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_one_line_error(result: Any, status: int, *fragments: str) -> None:
    assert result.returncode == status, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_the_first_show_seeds_the_defaults_as_version_one_by_system(cli: Cli) -> None:
    shown = show(cli)

    assert shown["risk"] == {
        "value": {"max_risk_per_trade": "0.02", "daily_loss_limit": "0.05"},
        "version": 1,
        "updated_at": shown["risk"]["updated_at"],
        "updated_by": "system",
    }
    assert sorted(shown) == ["engine", "logging", "risk", "strategy", "trading"]


def test_showing_again_does_not_write_new_versions(cli: Cli) -> None:
    show(cli)

    versions = {key: entry["version"] for key, entry in show(cli).items()}

    assert set(versions.values()) == {1}


def test_the_text_form_lists_every_setting_with_its_version(cli: Cli) -> None:
    result = cli.run("config", "show")

    assert result.returncode == 0, result.stderr
    assert "# risk: version 1" in result.stdout
    assert 'risk.max_risk_per_trade = "0.02"' in result.stdout
    assert "strategy.params.fast = 10" in result.stdout
    assert "engine.poll_interval_sec = 30" in result.stdout


def test_set_writes_the_validated_section_as_the_next_version_by_cli(cli: Cli) -> None:
    result = cli.run("config", "set", "risk.max_risk_per_trade", "0.01")

    assert result.returncode == 0, result.stderr
    risk = show(cli)["risk"]
    assert risk["value"] == {"max_risk_per_trade": "0.01", "daily_loss_limit": "0.05"}
    assert (risk["version"], risk["updated_by"]) == (2, "cli")


def test_set_reaches_nested_strategy_params(cli: Cli) -> None:
    assert cli.run("config", "set", "strategy.params.fast", "12").returncode == 0

    assert show(cli)["strategy"]["value"]["params"] == {"fast": 12, "slow": 20}


def test_a_value_that_is_not_json_is_taken_as_a_string(cli: Cli) -> None:
    assert cli.run("config", "set", "trading.symbol", "BTCUSDT").returncode == 0

    assert show(cli)["trading"]["value"]["symbol"] == "BTCUSDT"


def test_options_may_follow_the_command(cli: Cli) -> None:
    other = cli.db.with_name("other.sqlite3")

    result = cli.run("config", "set", "logging.level", "DEBUG", "--db", str(other))

    assert result.returncode == 0, result.stderr
    assert other.exists()
    assert show(cli)["logging"]["value"] == {"level": "INFO"}


def test_a_misspelled_key_exits_2_with_one_line_naming_it(cli: Cli) -> None:
    result = cli.run("config", "set", "risk.max_risk_pertrade", "0.01")

    assert_one_line_error(result, 2, "risk.max_risk_pertrade: unknown field")
    assert show(cli)["risk"]["version"] == 1


def test_a_wrong_type_exits_2_with_one_line_naming_the_key(cli: Cli) -> None:
    result = cli.run("config", "set", "engine.poll_interval_sec", "fast")

    assert_one_line_error(result, 2, "engine.poll_interval_sec: not a valid integer")


def test_an_out_of_range_risk_exits_2(cli: Cli) -> None:
    result = cli.run("config", "set", "risk.daily_loss_limit", "1.5")

    assert_one_line_error(result, 2, "risk.daily_loss_limit: must be greater than 0 and at most 1")


def test_an_unknown_section_exits_2(cli: Cli) -> None:
    assert_one_line_error(cli.run("config", "set", "rsk.x", "1"), 2, "rsk: unknown settings section")


def test_a_stale_expected_version_exits_1_and_changes_nothing(cli: Cli) -> None:
    assert cli.run("config", "set", "logging.level", "DEBUG").returncode == 0

    result = cli.run("config", "set", "logging.level", "ERROR", "--expect-version", "1")

    assert_one_line_error(result, 1, "'logging' is at version 2, not the expected 1", "config show")
    assert show(cli)["logging"]["value"] == {"level": "DEBUG"}


def test_the_database_can_be_chosen_by_environment_variable(cli: Cli) -> None:
    chosen = cli.db.with_name("from-env.sqlite3")

    result = cli.run_without_db("config", "show", env={"ALPHAENGINE_DB": str(chosen)})

    assert result.returncode == 0, result.stderr
    assert chosen.exists()


# Issue 11, scenarios 2 and 3: what the bot would refuse is refused here, in one line naming the key, before storing
REFUSED_SETS = [
    ("risk.max_risk_per_trade", '"1e-999999999"', "risk.max_risk_per_trade: must have at most 8 decimal places"),
    ("engine.poll_interval_sec", "1" + "0" * 400, "engine.poll_interval_sec: must be a whole number of seconds from 1"),
    (
        "strategy.name",
        "nope",
        "strategy.name: 'nope' is not an installed strategy (installed: bollinger_reversion, donchian_atr, sma_cross",
    ),
    ("strategy.params", '{"fast": 8, "slow": 3}', "strategy.params.fast: must be smaller than slow (3), got 8"),
]


def test_values_the_bot_would_refuse_exit_2_naming_the_key_and_store_nothing(cli: Cli) -> None:
    before = show(cli)
    for key, value, message in REFUSED_SETS:
        assert_one_line_error(cli.run("config", "set", key, value), 2, f"alphaengine: config error: {message}")

    assert show(cli) == before


def test_a_symbol_change_says_it_waits_for_the_bots_next_start(cli: Cli) -> None:
    result = cli.run("config", "set", "trading.symbol", "BTCUSDT")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "a running bot takes it at its next start: pending until then (ADR 0044)"
    assert show(cli)["trading"]["value"]["symbol"] == "BTCUSDT"


def test_show_says_which_stored_trading_settings_wait_for_the_running_bots_restart(cli: Cli) -> None:
    cli.run("config", "set", "trading.symbol", "BTCUSDT")
    connection = open_database(cli.db)
    try:
        SqliteHealthStore(connection).write(
            BotHealth(
                holder="host/pid 1/x",
                started_at=T0,
                updated_at=T0,
                boot_phase="ready",
                ready=True,
                symbol="XRPUSDT",
                account_id="main",
            )
        )
    finally:
        connection.close()

    text, shown = cli.run("config", "show").stdout, show(cli)

    assert "# pending until the bot restarts: trading.symbol = BTCUSDT (the bot trades XRPUSDT)" in text
    assert shown["trading"]["pending_restart"] == ["trading.symbol = BTCUSDT (the bot trades XRPUSDT)"]
    assert "pending_restart" not in shown["risk"]
