"""Binance's error codes live only in the exchange adapters (ADR 0053): the application, the domain and the ports see
port-level outcomes (an adopted order, OutcomeUnknown, NeverPlaced), never a venue's number to compare."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adapters.binance.rest import errors as rest_errors
from adapters.simulator import errors as sim_errors

REPO = Path(__file__).resolve().parents[2]
VENUE_NEUTRAL = ("application", "domain", "ports")


def binance_codes() -> set[int]:
    """Every code the simulator's catalogue answers with and every code the REST adapter names."""
    catalogue = {e.code for e in vars(sim_errors).values() if isinstance(e, sim_errors.BinanceError)}
    named = {v for k, v in vars(rest_errors).items() if k.isupper() and isinstance(v, int) and v < 0}
    return catalogue | named | set(rest_errors.UNKNOWN_OUTCOME_CODES)


def mentions(root: Path, codes: set[int]) -> list[str]:
    """file:line: text of each line in the venue-neutral packages that names one of `codes` (-NNNN)."""
    pattern = re.compile(r"(?<![\w.])-(" + "|".join(str(-code) for code in sorted(codes)) + r")\b")
    return [
        f"{path.relative_to(root).as_posix()}:{number}: {line.strip()}"
        for package in VENUE_NEUTRAL
        for path in sorted((root / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]


def test_the_catalogue_covers_the_codes_the_adapters_handle() -> None:
    assert {-4116, -2013, -2011, -1006, -1007, -1021} <= binance_codes()


def test_no_binance_error_code_appears_outside_the_exchange_adapters() -> None:
    found = mentions(REPO, binance_codes())

    assert not found, "move these into adapters/binance (a port-level type instead of a code):\n" + "\n".join(found)


@pytest.mark.parametrize("line", ["if error.code != -4116:", "# -2013 means not found", "NO_SUCH = -2013"])
def test_a_code_in_code_or_in_a_comment_is_reported(tmp_path: Path, line: str) -> None:
    for package in VENUE_NEUTRAL:
        (tmp_path / package).mkdir()
    (tmp_path / "application" / "bad.py").write_text(f"x = 1\n{line}\n", encoding="utf-8")

    assert mentions(tmp_path, {-4116, -2013}) == [f"application/bad.py:2: {line}"]


def test_other_numbers_are_not_codes(tmp_path: Path) -> None:
    for package in VENUE_NEUTRAL:
        (tmp_path / package).mkdir()
    (tmp_path / "domain" / "ok.py").write_text('LOOKBACK = 1000\nwhen = "2026-12-07"\nx = a-4116\n', encoding="utf-8")

    assert mentions(tmp_path, {-1000, -4116}) == []
