"""One authority for settings (ADR 0044): the web, `config set` and UpdateConfig agree on every value, and the bot
runs whatever they accept; whatever they refuse is a 400 or an exit 2 naming the field, and nothing is stored."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from config.secrets import load_secrets
from config.settings import SECTIONS
from domain.commands import CommandStatus
from entrypoints import cli
from entrypoints.bot import wiring
from entrypoints.bot.process import boot_bot
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.bot import build_bot_container
from entrypoints.containers.web import build_web_container
from entrypoints.settings_boot import boot_settings
from entrypoints.strategy_check import check_strategy
from tests.web.api.conftest import logged_in, secured_app

# Printable ASCII only: which characters any text may hold is the input-boundary checks' job, not this test's
_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12)
_DECIMAL_TEXT = st.one_of(
    st.from_regex(r"-?[0-9]{0,4}(\.[0-9]{0,12})?([eE][-+]?[0-9]{1,10})?", fullmatch=True),
    st.sampled_from(["1e-999999999", "1E+999999999", "NaN", "-Infinity", "sNaN", "0.02", "1", "0.00000001", " 0.5 "]),
)
# Values near and inside the bounds, so that about half the examples are accepted
_PLAUSIBLE = st.one_of(
    st.integers(min_value=1, max_value=40),
    st.decimals(min_value=Decimal("0.00000001"), max_value=Decimal(1), places=8).map(str),
    st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.9999"), places=4).map(float),
)
_NUMBER = st.one_of(
    _PLAUSIBLE,
    _PLAUSIBLE,
    _PLAUSIBLE,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0, 1, 2, 3, 8, 20, 999, 1000, 1001, 86400, 86401, 10**400]),
    st.floats(allow_nan=False, allow_infinity=False),
    _DECIMAL_TEXT,
    st.booleans(),
    st.none(),
    _TEXT,
)
_PARAM_NAMES = st.sampled_from(["fast", "slow", "stop_pct", "risk_per_trade", "bogus"])
_FRACTION = st.decimals(min_value=Decimal("0.00000001"), max_value=Decimal("0.99999999"), places=8).map(str)
# Updates the bounds mostly accept, next to the arbitrary ones below
_LIKELY = st.one_of(
    st.tuples(st.sampled_from(["risk.max_risk_per_trade", "risk.daily_loss_limit"]), _FRACTION),
    st.tuples(st.just("engine.poll_interval_sec"), st.integers(min_value=1, max_value=86400)),
    st.tuples(
        st.just("strategy.params"),
        st.fixed_dictionaries(
            {"fast": st.integers(min_value=1, max_value=30), "slow": st.integers(min_value=25, max_value=1000)},
            optional={"stop_pct": _FRACTION, "risk_per_trade": _FRACTION},
        ),
    ),
    st.tuples(st.just("strategy.params.fast"), st.integers(min_value=1, max_value=19)),
    st.tuples(st.just("trading.symbol"), st.from_regex(r"[A-Z0-9]{1,32}", fullmatch=True)),
    st.tuples(st.just("logging.level"), st.sampled_from(["DEBUG", "INFO", "WARNING", "ERROR"])),
)
_ANY = st.one_of(
    st.tuples(
        st.sampled_from(
            [
                "risk.max_risk_per_trade",
                "risk.daily_loss_limit",
                "engine.poll_interval_sec",
                "strategy.params.fast",
                "strategy.params.slow",
                "strategy.params.stop_pct",
                "strategy.params.risk_per_trade",
                "strategy.params.bogus",
            ]
        ),
        _NUMBER,
    ),
    st.tuples(st.just("strategy.params"), st.dictionaries(_PARAM_NAMES, _NUMBER, max_size=4)),
    st.tuples(st.just("strategy.params"), st.fixed_dictionaries({"fast": _PLAUSIBLE, "slow": _PLAUSIBLE})),
    st.tuples(st.just("strategy.name"), st.one_of(st.sampled_from(["sma_cross", "nope", "Sma", ""]), _TEXT)),
    st.tuples(st.just("trading.symbol"), st.one_of(st.sampled_from(["BTCUSDT", "btc", "X" * 33]), _TEXT)),
    st.tuples(st.just("logging.level"), st.one_of(st.sampled_from(["DEBUG", "debug"]), _TEXT)),
    st.tuples(st.just("risk"), st.fixed_dictionaries({"max_risk_per_trade": _NUMBER, "daily_loss_limit": _NUMBER})),
    st.tuples(st.just("engine"), st.fixed_dictionaries({"poll_interval_sec": _NUMBER})),
)
_UPDATES = st.one_of(_LIKELY, _ANY)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(update=_UPDATES)
def test_web_config_set_and_update_config_agree_and_the_bot_runs_what_they_accept(update: tuple[str, Any]) -> None:
    key, value = update
    section = key.split(".")[0]
    level = logging.getLogger().level  # the bot applies logging.level to the root logger: not beyond this test
    try:
        with tempfile.TemporaryDirectory() as folder:
            folder_path = Path(folder)
            cli_code, cli_error, cli_stored = _config_set(folder_path / "cli.sqlite3", key, value)
            web = asyncio.run(_through_the_web(folder_path, key, value))
    finally:
        logging.getLogger().setLevel(level)

    accepted = cli_code == 0
    event(f"{section}: {'accepted' if accepted else 'refused'}")
    # The three writers give one verdict
    assert web["update_config_status"] == (201 if accepted else 400), (web, cli_error)
    if "put_status" in web:
        assert web["put_status"] == (200 if accepted else 400), web
    if accepted:
        assert web["executed"] is CommandStatus.ACK, web
        assert web["stored"] == cli_stored, web
        assert web["refused_by_the_bot"] is None, web
        return
    # Every refusal names the field, in one line, and stores nothing
    assert cli_code == 2 and cli_error.startswith(f"alphaengine: config error: {section}"), cli_error
    assert cli_error.count("\n") == 1, cli_error
    assert web["update_config_field"].startswith("payload."), web
    assert web["stored"] is None, web


def _config_set(db: Path, key: str, value: Any) -> tuple[int, str, Any]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        # "--": a value like -1e+20 is not an option
        code = cli.main(["--db", str(db), "config", "set", "--", key, json.dumps(value)])
        shown = io.StringIO()
        with redirect_stdout(shown):
            cli.main(["--db", str(db), "config", "show", "--json"])
    stored = json.loads(shown.getvalue())[key.split(".")[0]]
    assert (stored["version"] == 2) is (code == 0), stored
    return code, err.getvalue(), stored["value"] if code == 0 else None


async def _through_the_web(folder: Path, key: str, value: Any) -> dict[str, Any]:
    """PUT (for a whole section) and UpdateConfig through the web; the bot executes the command and applies it."""
    secrets_file = folder / "secrets.yaml"
    secrets_file.write_text("mode: sim\n", encoding="utf-8")
    secrets = load_secrets(secrets_file, env={})
    adapters = in_memory_adapters()
    try:
        web_container = build_web_container(secrets, adapters)
        bot = build_bot_container(secrets, adapters)
        boot_bot(bot, "memory")
        api = await logged_in(secured_app(web_container), web_container)
        found: dict[str, Any] = {}
        section = key.split(".")[0]
        if key in SECTIONS:
            # A PUT that passes stores the value; the UpdateConfig below then finds it there and writes nothing
            found["put_status"] = (await api.put(f"/api/config/{key}", json={"value": value})).status_code
        body = {"type": "UpdateConfig", "payload": {"key": key, "value": value}}
        response = await api.post("/api/commands", json=body)
        found["update_config_status"] = response.status_code
        found["update_config_field"] = (await response.get_json()).get("field")
        found["stored"] = None
        if response.status_code == 201:
            claimed = adapters.command_store().claim_next(api.clock.now())
            found["executed"] = (await bot.executor().run(claimed)).status
            found["stored"] = adapters.config_store().get(section).value
            found["refused_by_the_bot"] = _bot_runs(bot, adapters)
        elif found.get("put_status") == 200:
            found["stored"] = adapters.config_store().get(section).value
        return found
    finally:
        adapters.shutdown_resources()


def _bot_runs(bot: Any, adapters: Any) -> str | None:
    """Apply the stored settings as the running bot does, then boot on them as a restarted one; return any refusal."""
    bot.live_config()(adapters.config_store().all())
    refused = bot.board().current.settings_refused
    booted = boot_settings(adapters.config_store(), adapters.event_store(), adapters.clock(), check_strategy)
    settings = booted.settings
    # What used to raise in the loop: the poll interval as a timedelta, the risk limits, the strategy and its klines
    assert wiring.poll_schedule(settings).interval == timedelta(seconds=settings.engine.poll_interval_sec)
    wiring.risk_limits(settings)
    assert bot.build_orchestrator()(settings).strategy.klines_needed() <= 1500
    return refused or booted.refused
