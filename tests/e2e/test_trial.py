"""`alphaengine trial` for each strategy the engine ships: the real bot trades the simulator replaying the shipped
klines, and the report's figures agree with the run's event log, the bot's projections and the simulator's oracle."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters.simulator.server.control.state import state_body
from domain.values import Mode
from entrypoints.cli import main
from entrypoints.containers.adapters import sqlite_adapters
from entrypoints.pnl import projected_totals
from entrypoints.trial.built_in import built_in_strategies
from entrypoints.trial.command import TrialResult, read_events, run_trial
from entrypoints.trial.klines_file import SHIPPED, KlinesFile
from entrypoints.trial.report import CHART_FILE, JSON_FILE, MARKDOWN_FILE
from entrypoints.trial.run import TrialOptions
from entrypoints.trial.saved_log import DATABASE_FILE
from tests.e2e.support import oracle_pnl

REPOSITORY = Path(__file__).resolve().parents[2]
# The first day of the shipped file: every strategy warms up and trades in it, in a few seconds
DAY = 288


def engine_strategies() -> list[str]:
    """The strategies this repository's own distribution declares in its alphaengine.strategies entry points."""
    declared = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    return sorted(declared["project"]["entry-points"]["alphaengine.strategies"])


def first_day(folder: Path) -> KlinesFile:
    lines = SHIPPED.read_text(encoding="utf-8").splitlines(keepends=True)[:DAY]
    path = folder / "XRPUSDT-5m-day.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return KlinesFile.read(path)


def trial(strategy: str, folder: Path) -> TrialResult:
    return run_trial(TrialOptions(strategy, first_day(folder), folder / "out"))


@pytest.fixture(scope="module")
def trials(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], TrialResult]:
    """Each strategy's trial, run once for the whole module."""
    done: dict[str, TrialResult] = {}

    def trial_of(strategy: str) -> TrialResult:
        if strategy not in done:
            done[strategy] = trial(strategy, tmp_path_factory.mktemp(strategy))
        return done[strategy]

    return trial_of


@pytest.fixture
def sma_cross(trials: Callable[[str], TrialResult]) -> TrialResult:
    return trials("sma_cross")


def test_the_trial_and_its_bench_know_every_strategy_the_engine_declares() -> None:
    assert "sma_cross" in engine_strategies()
    assert engine_strategies() == built_in_strategies()


@pytest.mark.parametrize("strategy", engine_strategies())
def test_each_built_in_strategy_gets_a_report_whose_figures_agree_with_its_event_log_and_the_oracle(
    strategy: str, trials: Callable[[str], TrialResult]
) -> None:
    result = trials(strategy)

    assert [path.name for path in result.written] == [JSON_FILE, MARKDOWN_FILE, CHART_FILE, DATABASE_FILE]
    assert_agrees_with_the_log_and_the_oracle(result)


def test_sma_cross_trades_on_the_first_day_and_stops_every_position(sma_cross: TrialResult) -> None:
    figures = sma_cross.figures
    assert figures.fills > 0 and figures.round_trips
    oracle = state_body(sma_cross.run.simulation)
    # Every entry's protective stop went through the algo-order path
    assert any(not algo["byHand"] for algo in oracle["algoOrders"])


def test_the_json_report_holds_the_figures_as_decimal_strings(sma_cross: TrialResult) -> None:
    report: dict[str, Any] = json.loads(sma_cross.written[0].read_text(encoding="utf-8"))
    figures = sma_cross.figures

    assert report["strategy"] == "sma_cross"
    assert report["trades"]["fills"] == figures.fills
    assert Decimal(report["pnl"]["net"]) == figures.net_pnl
    assert Decimal(report["max_drawdown"]["amount"]) == figures.max_drawdown
    assert Decimal(report["exposure"]["max_notional"]) == figures.max_notional
    assert len(report["equity"]) == len(figures.curve) > 0
    assert len(report["positions"]) == len(figures.round_trips)


def test_the_markdown_shows_the_chart_and_the_figures(sma_cross: TrialResult) -> None:
    text = sma_cross.written[1].read_text(encoding="utf-8")

    assert "![equity and drawdown](equity.svg)" in text
    assert f"{sma_cross.figures.net_pnl:,.2f} USDT" in text


def assert_agrees_with_the_log_and_the_oracle(result: TrialResult) -> None:
    figures, simulation = result.figures, result.run.simulation
    oracle = state_body(simulation)
    bot_trades = [trade for trade in oracle["trades"] if not trade["byHand"]]
    # The event log: every fill the report counts is a fill the log holds
    logged = [stored.event for stored in read_events(result.run.adapters.event_store())]
    assert figures.fills == sum(1 for event in logged if event.type == "trade.executed.v1")
    refusals = sum(count for kind, count in figures.incidents if kind.startswith("risk guard: "))
    assert refusals == sum(1 for event in logged if event.type == "risk.guard_rejected.v1")
    assert result.info.events == len(logged)
    # The bot's own projections, folded by its projector while it ran
    state = result.run.bot.projector().state
    projected = projected_totals(state.pnl_days())
    assert (figures.realized_pnl, figures.fees, figures.funding) == (
        projected.realized_pnl,
        projected.fees,
        projected.funding,
    )
    assert figures.fills == len(state.trades())
    # The simulator's oracle: its trades, its income history, its position and wallet
    exchange = oracle_pnl(oracle)
    assert (figures.realized_pnl, figures.fees, figures.funding) == (
        exchange.realized_pnl,
        exchange.fees,
        exchange.funding,
    )
    assert figures.fills == len(bot_trades)
    assert figures.orders == len({trade["orderId"] for trade in bot_trades})
    assert figures.traded_notional == sum((Decimal(t["quoteQty"]) for t in bot_trades), Decimal(0))
    held = next((Decimal(p["positionAmt"]) for p in oracle["positions"] if p["symbol"] == "XRPUSDT"), Decimal(0))
    assert figures.final_position.quantity == held
    assert figures.start_balance + figures.net_pnl == Decimal(oracle["balances"]["USDT"])


def test_the_run_s_event_log_is_kept_in_a_sim_database_the_other_commands_read(
    sma_cross: TrialResult, capsys: pytest.CaptureFixture[str]
) -> None:
    database = sma_cross.written[-1]
    adapters = sqlite_adapters(database)
    try:
        adapters.init_resources()
        identity = adapters.identity_store().read()
        assert identity is not None and identity.mode is Mode.SIM
        kept = list(read_events(adapters.event_store()))
        assert [stored.event for stored in kept] == [
            stored.event for stored in read_events(sma_cross.run.adapters.event_store())
        ]
        assert adapters.config_store().get("strategy").value["name"] == "sma_cross"
    finally:
        adapters.shutdown_resources()

    assert main(["--db", str(database), "pnl"]) == 0
    printed = capsys.readouterr().out
    assert f"{sma_cross.figures.fees:f}" in printed and f"{sma_cross.figures.realized_pnl:f}" in printed
