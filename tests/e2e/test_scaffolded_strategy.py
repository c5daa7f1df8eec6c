"""Issue 17's Done-when: a strategy scaffolded by `alphaengine strategy new`, installed as its own distribution next to
the engine, selected in the settings, trades against the demo's simulator, with no file of the engine changed.

As a user would: `strategy new`; `pip install` (into a target folder put on the path, so the shared venv stays as it
is: the entry point is found by importlib.metadata, the normal way); the strategy selected through the settings' one
check (refused before the install, taken after it); then the demo's wiring — a real simulator server on a port and the
bot built by its container over SQLite — until the simulator holds the strategy's entry and its protective stop.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.strategies.registry import strategy_class
from domain.commands import ActorKind, CommandStatus, PlaceOrder
from entrypoints.cli import main
from tests.e2e.support import running_bot, running_sim

pytestmark = pytest.mark.anyio

REPO = Path(__file__).resolve().parents[2]
NAME = "e2e_momentum"
# Any move over one closed 1m kline is a signal, so the demo's market trades it on its first closed kline
SETTINGS = {
    "name": NAME,
    "timeframe": "1m",
    "params": {"lookback": 1, "threshold": "0.00000001", "risk_per_trade": "0.001"},
}
# Bigger steps than the bot's loop would take, so the first kline closes after a few
STEP = timedelta(seconds=15)


@pytest.fixture
def engine() -> dict[str, tuple[int, int]]:
    return engine_files()


@pytest.fixture
def scaffolded(engine: dict[str, tuple[int, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """`alphaengine strategy new`, then `pip install --target` of what it wrote; the target folder."""
    assert main(["strategy", "new", NAME, "--dir", str(tmp_path / "src")]) == 0
    site, source = tmp_path / "site", tmp_path / "src" / NAME
    pip = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(site),
            source,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    capsys.readouterr()
    return site


def refusal_before_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    secrets = tmp_path / "secrets.yaml"
    secrets.write_text("mode: sim\n", encoding="utf-8")
    monkeypatch.setenv("ALPHAENGINE_SECRETS", str(secrets))
    database = tmp_path / "data" / "alphaengine.sqlite3"
    assert main(["--db", str(database), "config", "set", "strategy", json.dumps(SETTINGS)]) == 2
    return capsys.readouterr().err


def engine_files() -> dict[str, tuple[int, int]]:
    """Every source file of the engine with its size and modification time: what must not change."""
    packages = ("domain", "application", "ports", "adapters", "entrypoints", "config")
    found = [REPO / "pyproject.toml", *(path for package in packages for path in (REPO / package).rglob("*.py"))]
    return {path.relative_to(REPO).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns) for path in found}


def bot_orders(oracle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [order for order in oracle[kind] if not order["byHand"]]


async def test_a_scaffolded_strategy_installed_next_to_the_engine_and_selected_in_the_settings_trades(
    tmp_path: Path,
    engine: dict[str, tuple[int, int]],
    scaffolded: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    refused = refusal_before_install(tmp_path, monkeypatch, capsys)
    monkeypatch.syspath_prepend(str(scaffolded))
    try:
        assert main(["strategy", "list", "--json"]) == 0
        [listed] = [item for item in json.loads(capsys.readouterr().out) if item["name"] == NAME]
        source = Path(sys.modules[strategy_class(NAME).__module__].__file__ or "")
        async with running_sim() as sim, running_bot(tmp_path, sim, {"strategy": SETTINGS}) as bot:
            await bot.start_trading()
            for _ in range(12):
                await bot.step(by=STEP)
                if bot_orders(await sim.oracle(), "algoOrders"):
                    break
            await bot.settle()
            oracle = await sim.oracle()
            commands = bot.adapters.command_store().list()
    finally:
        for module in [name for name in sys.modules if name == NAME or name.startswith(f"{NAME}.")]:
            sys.modules.pop(module)

    assert f"strategy.name: '{NAME}' is not an installed strategy" in refused
    assert listed["distribution"] == "alphaengine-e2e-momentum 0.1.0"
    assert [param["name"] for param in listed["params"]] == ["lookback", "threshold", "stop_pct", "risk_per_trade"]
    assert source.is_relative_to(scaffolded), "the strategy runs from its own installed distribution"
    [entry] = bot_orders(oracle, "orders")[:1]
    [stop] = bot_orders(oracle, "algoOrders")[:1]
    assert entry["status"] == "FILLED" and not entry["reduceOnly"]
    assert stop["orderType"] == "STOP_MARKET" and stop["side"] != entry["side"]
    placed = [record for record in commands if isinstance(record.command.payload, PlaceOrder)]
    assert placed, "the strategy's entry went through the bot's command queue"
    assert {(record.command.actor.kind, record.command.actor.id) for record in placed} == {(ActorKind.STRATEGY, NAME)}
    assert all(record.status is CommandStatus.ACK for record in placed)
    assert engine_files() == engine, "no file of the engine changed"
