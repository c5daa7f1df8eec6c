"""`alphaengine trial`: the report's files from the command line, and one-line refusals that name the option."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from entrypoints.cli import main
from entrypoints.trial.klines_file import SHIPPED

KLINES = SHIPPED.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.fixture(autouse=True)
def restored_logging() -> Iterator[None]:
    """The command points the root logger at the trial's log file: give later tests theirs back."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:], root.level = handlers, level


def klines(folder: Path, lines: list[str], name: str = "klines.csv") -> Path:
    path = folder / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def refusal(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["trial", *args]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("alphaengine trial: ")
    return lines[0]


def test_the_command_writes_the_report_the_chart_and_the_log_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    path = klines(tmp_path, KLINES[:120])

    assert main(["trial", "--strategy", "sma_cross", "--klines", str(path), "--out", str(out), "--set", "fast=5"]) == 0

    printed = capsys.readouterr().out
    assert printed.startswith("trial sma_cross 5m on XRPUSDT: ")
    for name in ("report.json", "report.md", "equity.svg", "trial.sqlite3"):
        assert (out / name).is_file()
        assert str(out / name) in printed
    assert '"fast": 5' in (out / "report.json").read_text(encoding="utf-8")
    # The bot's activity went to the trial's own log, not to the terminal
    assert (out / "trial.log").is_file()


def test_an_unknown_strategy_is_refused_listing_the_installed_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refusal(capsys, "--strategy", "nope", "--out", str(tmp_path))

    assert "--strategy: 'nope' is not an installed strategy (installed: " in line
    assert "sma_cross" in line


def test_a_strategy_name_that_is_a_path_makes_no_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    line = refusal(capsys, "--strategy", "../../escaped")

    assert "--strategy: '../../escaped' is not an installed strategy" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("1767226200000,0.6012,x,0.6000,0.6010,1,1767226499999", "line 3, column 3 (high): not a number: 'x'"),
        ("1767226200000,0.6012,0.6020", "line 3, column 4 (low): missing"),
        ("17672262000x0,0.6012,0.6020,0.6000,0.6010,1,1767226499999", "line 3, column 1 (open time): not epoch"),
        ("1767226200000,0.60125,0.6020,0.6000,0.6010,1,1767226499999", "line 3, column 2 (open): price 0.60125"),
        ("1767226500000,0.6012,0.6020,0.6000,0.6010,1,1767226799999", "line 3: opens at 1767226500000, expected"),
    ],
)
def test_a_malformed_klines_file_is_refused_naming_the_line_and_column(
    line: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = klines(tmp_path, [*KLINES[:2], line + "\n", *KLINES[3:40]])

    refused = refusal(capsys, "--strategy", "sma_cross", "--klines", str(path))

    assert refused.startswith(f"alphaengine trial: --klines: {path}: klines CSV ")
    assert where in refused


def test_an_unreadable_klines_file_is_refused_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.csv"

    assert f"--klines: cannot read {missing}" in refusal(capsys, "--strategy", "sma_cross", "--klines", str(missing))


def test_a_file_too_short_for_the_strategys_warm_up_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = klines(tmp_path, KLINES[:10])

    line = refusal(capsys, "--strategy", "sma_cross", "--klines", str(path), "--out", str(tmp_path / "out"))

    assert "--klines: " in line and "holds 10 5m klines; sma_cross reads the first 22" in line


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("fast=0", "--set fast: must be a whole number from 1 to 999, got 0"),
        ("fast=30", "--set fast: must be smaller than slow (20), got 30"),
        ("nope=1", "--set nope: is unknown; expected any of"),
        ("risk.max_risk_per_trade=2", "--set risk.max_risk_per_trade: "),
        ("strategy.timeframe=1m", "--set strategy.timeframe: 1m klines cannot be built from the file's 5m klines"),
        ("strategy.name=sma_cross", "--set strategy.name: the strategy is chosen with --strategy"),
        ("trading.symbol=BTCUSDT", "--set trading.symbol: a trial trades the klines file's symbol (--symbol)"),
        ("fast", "--set 'fast': expected KEY=VALUE"),
    ],
)
def test_a_bad_setting_is_refused_through_the_strategys_schema_naming_it(
    setting: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = klines(tmp_path, KLINES[:60])

    line = refusal(capsys, "--strategy", "sma_cross", "--klines", str(path), "--out", str(tmp_path), "--set", setting)

    assert message in line


@pytest.mark.parametrize("balance", ["0", "-5", "abc", "1e12", "0.000000001", "NaN"])
def test_a_balance_out_of_bounds_is_refused(balance: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert "--balance: a USDT amount from 0.01 to" in refusal(capsys, "--strategy", "sma_cross", "--balance", balance)


def test_a_symbol_the_simulator_does_not_trade_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--symbol: the simulator trades BTCUSDT, XRPUSDT, not 'DOGEUSDT'" in refusal(
        capsys, "--strategy", "sma_cross", "--symbol", "DOGEUSDT"
    )
