"""The static checks (ADR 0059): `make test` lints, checks the format and type-checks every product package first."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
CHECKS = ["$(BIN)/ruff check .", "$(BIN)/ruff format --check .", "$(BIN)/mypy"]


def _recipe(target: str) -> tuple[list[str], list[str]]:
    """The prerequisites and the command lines of a Makefile rule."""
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    [start] = [i for i, line in enumerate(lines) if line.startswith(f"{target}:")]
    commands = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        commands.append(line.strip())
    return lines[start].split(":", 1)[1].split(), commands


def test_make_test_runs_the_linter_the_format_check_and_the_type_checker_before_pytest() -> None:
    prerequisites, _ = _recipe("test")
    _, checks = _recipe("lint")

    assert prerequisites[0] == "lint"
    assert checks == CHECKS


def test_mypy_checks_every_product_package_strictly() -> None:
    installed = {name.rstrip("*") for name in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]}
    mypy = PYPROJECT["tool"]["mypy"]

    assert set(mypy["packages"]) == installed
    assert mypy["strict"] is True


def test_every_type_ignore_in_product_code_names_its_error_code_and_says_why_above_it() -> None:
    ignores = list(_type_ignores())
    unexplained = [
        where
        for where, line, above in ignores
        if not (code := re.search(r"type: ignore\[([a-z-]+)\]", line)) or f"# {code.group(1)}:" not in above
    ]

    assert ignores, "the scan found no `type: ignore` at all: is it reading the product packages?"
    assert unexplained == []


def _type_ignores() -> Iterator[tuple[str, str, str]]:
    """Each `type: ignore` in the product packages: where, its line, the line above it."""
    for package in PYPROJECT["tool"]["mypy"]["packages"]:
        for path in sorted((REPO / package).rglob("*.py")):
            lines = path.read_text(encoding="utf-8").splitlines()
            for index, line in enumerate(lines):
                if "type: ignore" in line:
                    yield f"{path.relative_to(REPO)}:{index + 1}", line, lines[index - 1] if index else ""
