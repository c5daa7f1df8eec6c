"""`alphaengine strategy new|list`: a scaffolded distribution that passes its own test; the installed strategies
with their parameter schemas; refusals naming NAME or --dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from entrypoints.cli import main
from tests.harness.strategy_plugin import install_strategy_plugin

REPO = Path(__file__).resolve().parents[2]


def test_new_writes_a_distribution_with_its_entry_point_schema_and_a_test_that_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["strategy", "new", "my_momentum", "--dir", str(tmp_path)]) == 0

    made = tmp_path / "my_momentum"
    written = sorted(path.relative_to(made).as_posix() for path in made.rglob("*") if path.is_file())
    assert written == [
        "README.md",
        "my_momentum/__init__.py",
        "my_momentum/strategy.py",
        "pyproject.toml",
        "tests/test_my_momentum.py",
    ]
    pyproject = (made / "pyproject.toml").read_text(encoding="utf-8")
    assert (
        '[project.entry-points."alphaengine.strategies"]\nmy_momentum = "my_momentum.strategy:MyMomentum"' in pyproject
    )
    assert f"wrote {made}" in capsys.readouterr().out
    # Its own test, run as its author would, from its folder, with the engine importable as if installed
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=made,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 passed" in run.stdout


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("My-Strategy", "'My-Strategy' must be 1-64 of a-z 0-9 _ starting with a letter"),
        ("2fast", "'2fast' must be 1-64 of a-z 0-9 _ starting with a letter"),
        ("class", "'class' is a Python keyword"),
        ("sma_cross", "'sma_cross' is already an installed strategy"),
        ("json", "'json' is already an importable module here"),
    ],
)
def test_new_refuses_a_bad_name_naming_it_and_writes_nothing(
    name: str, problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["strategy", "new", name, "--dir", str(tmp_path)]) == 2

    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"alphaengine: argument NAME: {problem}")
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_an_existing_directory_naming_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "mine.txt").write_text("keep", encoding="utf-8")

    assert main(["strategy", "new", "taken", "--dir", str(tmp_path)]) == 2

    assert capsys.readouterr().err.startswith(f"alphaengine: argument --dir: {tmp_path / 'taken'} already exists")
    assert [path.name for path in (tmp_path / "taken").iterdir()] == ["mine.txt"]


def test_a_second_run_in_the_same_folder_names_the_existing_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # as `python -m` puts the current folder first
    assert main(["strategy", "new", "twice"]) == 0
    capsys.readouterr()

    assert main(["strategy", "new", "twice"]) == 2

    assert capsys.readouterr().err == "alphaengine: argument --dir: twice already exists; pick another NAME or --dir\n"


def test_list_shows_each_strategy_with_its_parameters_bounds_and_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["strategy", "list"]) == 0

    lines = capsys.readouterr().out.splitlines()
    names = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert {"sma_cross", "donchian_atr", "bollinger_reversion"} <= set(names)
    donchian = lines[lines.index(next(line for line in lines if line.startswith("donchian_atr "))) :]
    assert donchian[2].split() == ["channel", "int", "default", "20", "2", "to", "500"]
    assert donchian[5].split() == ["atr_stop", "decimal", "default", "2", "0.1", "to", "20"]
    assert donchian[6].split() == ["risk_per_trade", "fraction", "default", "0.01", "above", "0,", "below", "1"]


def test_list_json_gives_type_default_and_bounds_and_a_plugin_that_cannot_load_with_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    install_strategy_plugin(
        tmp_path, "ae_broken_plugin", "raise ImportError('missing numpy')\n", {"broken": "ae_broken_plugin:X"}
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    assert main(["strategy", "list", "--json"]) == 0

    listed = {item["name"]: item for item in json.loads(capsys.readouterr().out)}
    assert listed["bollinger_reversion"]["params"][1] == {
        "name": "width",
        "type": "decimal",
        "default": "2",
        "minimum": "0.5",
        "maximum": "5",
        "exclusive": False,
    }
    assert listed["sma_cross"]["params"][2]["exclusive"] is True
    assert listed["broken"]["params"] is None
    assert listed["broken"]["error"] == "ImportError: missing numpy"
    assert listed["broken"]["distribution"] == "ae-broken-plugin 0.1"
