"""`alphaengine bench` runs its suites and prints one line per figure; the figures themselves are never asserted."""

from __future__ import annotations

import io

import pytest

from entrypoints.bench.run import run_benchmarks


def test_the_parse_suite_reports_p50_and_p99_against_the_guides_targets() -> None:
    out = io.StringIO()

    results = run_benchmarks(["parse"], quick=True, out=out)

    assert [(r.benchmark, r.metric) for r in results] == [
        ("B1", "ORDER_TRADE_UPDATE → facts p50"), ("B1", "ORDER_TRADE_UPDATE → facts p99"),
    ]
    assert all(r.value > 0 for r in results)
    assert out.getvalue().splitlines() == [r.line() for r in results]


def test_the_storage_suite_measures_commits_batches_and_a_rebuild() -> None:
    results = run_benchmarks(["storage"], quick=True, out=io.StringIO())

    assert {r.benchmark for r in results} == {"B0", "B7", "B8"}
    assert "rebuild of 5,000 events" in {r.metric for r in results}


def test_an_unknown_suite_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="unknown benchmark latency; choose from parse, storage"):
        run_benchmarks(["latency"], quick=True, out=io.StringIO())
