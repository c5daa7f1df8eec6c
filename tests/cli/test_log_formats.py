"""JSON log lines, the correlation id that ties a web command to its exchange requests, a size-bounded log file,
and the web following `logging.level` at run time (ADR 0079)."""

from __future__ import annotations

import argparse
import io
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from adapters.memory.clock import SequentialIds
from application.log_context import correlated
from config.errors import ConfigError
from domain.commands import USER_PRIORITY, Actor, ActorKind, Command, CommandStatus, SetLeverage
from entrypoints.cli import build_parser
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.log_level import follow_log_level
from entrypoints.runtime import LogOptions, configure_logging, log_options
from tests.harness.simulated_bot import in_memory_on, wired_bot
from tests.simulator.server.support import manual_simulation

USER = Actor(ActorKind.USER, "alice")


@pytest.fixture
def json_stderr(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    configure_logging("DEBUG", LogOptions(format="json"))
    yield captured
    logging.basicConfig(handlers=[logging.NullHandler()], force=True)


def lines(captured: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in captured.getvalue().splitlines()]


def test_a_json_line_is_one_object_with_time_level_logger_and_message(json_stderr: io.StringIO) -> None:
    logging.getLogger("alphaengine.bot").warning("paused: %s", 'forged\n{"level": "INFO"}\u2028next')

    [line] = lines(json_stderr)
    assert line["level"] == "WARNING" and line["logger"] == "alphaengine.bot"
    assert line["message"] == 'paused: forged\n{"level": "INFO"}\u2028next'
    assert isinstance(line["time"], str) and line["time"].endswith("Z")
    assert "correlation_id" not in line
    assert json_stderr.getvalue().isascii()


def test_a_traceback_stays_inside_its_json_line(json_stderr: io.StringIO) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("alphaengine.bot").exception("command failed")

    [line] = lines(json_stderr)
    assert isinstance(line["exc"], str) and line["exc"].endswith("ValueError: boom")


def test_lines_logged_inside_a_correlated_block_name_it_and_only_those(json_stderr: io.StringIO) -> None:
    log = logging.getLogger("alphaengine.test")
    with correlated("corr-1"):
        log.info("inside")
    log.info("outside")

    assert [(line["message"], line.get("correlation_id")) for line in lines(json_stderr)] == [
        ("inside", "corr-1"),
        ("outside", None),
    ]


@pytest.mark.anyio
async def test_a_commands_exchange_requests_log_its_correlation_id(json_stderr: io.StringIO) -> None:
    simulation = manual_simulation()
    adapters = in_memory_on(simulation.clock, SequentialIds("id-"))
    bot = wired_bot(adapters, simulation)
    settings = bot.settings()
    commands = adapters.command_store()
    now = simulation.clock.now()
    scope = bot.scope()
    command = Command("cmd-7", "web:cmd-7", USER_PRIORITY, USER, scope, now, "corr-from-the-web", SetLeverage(5))
    commands.insert(command, now)
    claimed = commands.claim_next(now)
    assert claimed is not None and settings.trading.symbol

    try:
        record = await bot.executor().run(claimed)
    finally:
        await bot.exchange.close()()

    assert record.status is CommandStatus.ACK
    requests = [line for line in lines(json_stderr) if line["logger"] == "adapters.binance.rest.transport"]
    assert "POST /fapi/v1/leverage -> 200" in [line["message"] for line in requests]
    assert {line.get("correlation_id") for line in requests} == {"corr-from-the-web"}


def test_a_log_file_rotates_at_its_size_and_keeps_five(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "bot.log"
    configure_logging("INFO", LogOptions(format="json", file=path, max_mb=1))
    try:
        for index in range(3000):
            logging.getLogger("alphaengine.bot").info("line %d %s", index, "x" * 2000)
    finally:
        logging.basicConfig(handlers=[logging.NullHandler()], force=True)

    files = sorted(path.parent.iterdir())
    assert [file.name for file in files] == ["bot.log", *(f"bot.log.{n}" for n in range(1, 6))]
    assert all(file.stat().st_size <= 1024 * 1024 for file in files)
    newest = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(newest[-1])["message"].startswith("line 2999 ")


def test_the_log_flags_reach_the_options_and_the_environment_is_the_default() -> None:
    args = build_parser().parse_args(["web", "--log-format", "json", "--log-file", "w.log", "--log-max-mb", "50"])
    assert log_options(args, env={}) == LogOptions("json", Path("w.log"), 50)
    bare = build_parser().parse_args(["bot"])
    env = {"ALPHAENGINE_LOG_FORMAT": "json", "ALPHAENGINE_LOG_FILE": "/var/log/alphaengine/bot.log"}
    assert log_options(bare, env=env) == LogOptions("json", Path("/var/log/alphaengine/bot.log"), 20)
    assert log_options(bare, env={}) == LogOptions()


@pytest.mark.parametrize(
    ("given", "env", "named"),
    [
        ({"log_max_mb": 0}, {}, "--log-max-mb"),
        ({"log_max_mb": 4096}, {}, "--log-max-mb"),
        ({}, {"ALPHAENGINE_LOG_FORMAT": "xml"}, "--log-format (or $ALPHAENGINE_LOG_FORMAT)"),
    ],
)
def test_a_bad_log_option_is_refused_naming_it(given: dict[str, object], env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError) as refused:
        log_options(argparse.Namespace(**given), env=env)
    assert refused.value.key == named


def test_sim_refuses_a_bad_log_format_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from entrypoints.cli import main

    monkeypatch.setenv("ALPHAENGINE_LOG_FORMAT", "yaml")
    assert main(["sim", "--port", "1"]) == 2
    assert "--log-format (or $ALPHAENGINE_LOG_FORMAT): must be one of text, json" in capsys.readouterr().err


@pytest.mark.anyio
async def test_the_web_follows_the_stored_log_level_while_it_runs() -> None:
    adapters = in_memory_adapters()
    store, clock = adapters.config_store(), adapters.clock()
    store.put("logging", {"level": "WARNING"}, expected_version=0, updated_by="test", now=clock.now())
    root = logging.getLogger()
    before = root.level
    stop = anyio.Event()
    try:
        async with anyio.create_task_group() as group:
            group.start_soon(follow_log_level, store, stop, 0.01)
            await _until(lambda: root.level == logging.WARNING)
            store.put("logging", {"level": "DEBUG"}, expected_version=1, updated_by="test", now=clock.now())
            await _until(lambda: root.level == logging.DEBUG)
            store.put("logging", {"level": "LOUD"}, expected_version=2, updated_by="test", now=clock.now())
            await anyio.sleep(0.05)
            assert root.level == logging.DEBUG  # a refused row keeps the level in force
            stop.set()
    finally:
        root.setLevel(before)


async def _until(condition: object) -> None:
    with anyio.fail_after(5):
        while not condition():  # type: ignore[operator]
            await anyio.sleep(0.01)


def test_a_text_line_inside_a_correlated_block_ends_with_its_id(monkeypatch: pytest.MonkeyPatch) -> None:
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    configure_logging("INFO")
    try:
        with correlated("corr-9"):
            logging.getLogger("alphaengine.bot").info("placed")
        logging.getLogger("alphaengine.bot").info("idle")
    finally:
        logging.basicConfig(handlers=[logging.NullHandler()], force=True)

    placed, idle = captured.getvalue().splitlines()
    assert placed.endswith("alphaengine.bot: placed [corr-9]") and idle.endswith("alphaengine.bot: idle")
