"""`alphaengine bench` runs its suites and prints one line per figure; the figures themselves are never asserted."""

from __future__ import annotations

import io

import pytest

from adapters.binance.translate import translate_user_message
from domain.events import FeeCharged, OrderUpdated, TradeExecuted
from entrypoints.bench.parsing import distinct_fill_frames
from entrypoints.bench.report import Measurement, spread
from entrypoints.bench.run import SUITES, run_benchmarks
from entrypoints.bench.scale_chart import chart
from entrypoints.trial.built_in import built_in_strategies

BOOT_PHASES = [
    "lease",
    "load events",
    "projections",
    "user-data stream",
    "account mode",
    "rest snapshot",
    "reconcile",
    "resolve in-flight commands",
]


def metrics(results: list[Measurement]) -> list[str]:
    return [r.metric for r in results]


def figure(results: list[Measurement], metric: str) -> Measurement:
    [found] = [r for r in results if r.metric == metric]
    return found


def test_the_parse_suite_reports_p50_and_p99_against_the_guides_targets() -> None:
    out = io.StringIO()

    results = run_benchmarks(["parse"], quick=True, out=out)

    assert [(r.benchmark, r.metric) for r in results] == [
        ("B1", "ORDER_TRADE_UPDATE → facts p50"),
        ("B1", "ORDER_TRADE_UPDATE → facts p99"),
        ("B1", "distinct ORDER_TRADE_UPDATE frames → facts p50"),
    ]
    assert all(r.value > 0 for r in results)
    assert out.getvalue().splitlines() == [r.line() for r in results]


def test_the_distinct_frames_of_b1_are_each_a_fill_of_its_own() -> None:
    translated = [translate_user_message(frame, "XRPUSDT") for frame in distinct_fill_frames(3)]

    assert [[type(item) for item in items] for items in translated] == [[OrderUpdated, TradeExecuted, FeeCharged]] * 3
    trades = [item for items in translated for item in items if isinstance(item, TradeExecuted)]
    assert len({(t.trade_id, t.order_id, t.price, t.quantity, t.executed_at) for t in trades}) == 3


def test_the_storage_suite_measures_commits_batches_and_a_rebuild() -> None:
    results = run_benchmarks(["storage"], quick=True, out=io.StringIO())

    assert {r.benchmark for r in results} == {"B0", "B7", "B8"}
    assert "rebuild of 5,000 events" in {r.metric for r in results}


def test_the_detection_suite_times_every_fill_from_emission_to_commit_over_the_stream_and_over_rest() -> None:
    out = io.StringIO()

    results = run_benchmarks(["detection"], quick=True, out=out)

    steady, burst = "WS fill → committed, 5 fills/s", "WS fill → committed, 200 fills/s"
    rest = "REST fill → committed, WS off, poll 1 s"
    for load in (steady, burst, rest):
        assert {f"{load} p50", f"{load} p99", f"{load} max"} <= set(metrics(results))
    assert "  of which emitted → read by the bot p50" in metrics(results)
    assert "  of which read → committed p99" in metrics(results)
    # At least one trade per market order placed (a market order may fill against several book levels)
    assert figure(results, f"{steady} p50").samples >= 10
    assert figure(results, f"{burst} p50").samples >= 40
    assert figure(results, f"{rest} max").samples >= 4
    timings = [r for r in results if r.unit == "ms"]
    commits = [r for r in results if r.metric == "  projection commits per fill"]
    assert all(r.value > 0 for r in timings) and len(timings) + len(commits) == len(results)
    # One figure per stream load: how many loop cycles committed projections, per fill
    assert len(commits) == 2 and all(r.value > 0 and r.unit == "commits" for r in commits)
    assert {r.benchmark for r in results} == {"B2", "B4"}
    assert figure(results, f"{rest} max").target == "≤ 2,000"
    assert out.getvalue().splitlines() == [r.line() for r in results]


def test_the_commands_suite_times_each_command_from_its_committed_row_to_the_order_reaching_the_simulator() -> None:
    results = run_benchmarks(["commands"], quick=True, out=io.StringIO())

    steady, burst = "command → order at the sim, 5 cmd/s", "command → order at the sim, 20 cmd/s"
    assert [r.samples for r in results if r.metric.startswith(steady)] == [3, 3, 3]
    assert [r.samples for r in results if r.metric.startswith(burst)] == [5, 5, 5]
    assert metrics(results).count("  of which committed → executor sends p50") == 2
    assert metrics(results).count("  of which sent → sim receives p99") == 2
    assert figure(results, f"{steady} p99").target == "≤ 25"
    assert all(r.benchmark == "B5" and r.value > 0 for r in results)


def test_the_recovery_suite_times_each_restart_to_ready_and_breaks_it_down_by_boot_phase() -> None:
    results = run_benchmarks(["recovery"], quick=True, out=io.StringIO())

    ready = [r for r in results if r.metric.startswith("restart → READY, 3,000 events")]
    assert [r.samples for r in ready] == [2, 2, 2]
    assert [r.target for r in ready] == ["≤ 3,000", "≤ 8,000", ""]
    phases = [r.metric.strip().removesuffix(" p50") for r in results if r not in ready]
    assert phases == ["python start + imports", "container, open database, settings", *BOOT_PHASES]
    assert all(r.benchmark == "B6" and r.value > 0 for r in results)
    # The phases of one restart add up to no more than the whole of it
    assert sum(r.value for r in results if r not in ready) <= ready[-1].value * 1.01


def test_the_streams_suite_times_health_while_200_clients_replay_against_the_real_web() -> None:
    results = run_benchmarks(["streams"], quick=True, out=io.StringIO())

    loaded = "/health, 200 clients streaming from seq 0"
    assert {f"{loaded} p50", f"{loaded} p99", f"{loaded} max", "/health, idle p50"} <= set(metrics(results))
    assert figure(results, f"{loaded} p99").target == "≤ 100"
    # Scenario 8's behaviour, measured on the real web process: 50 streams in all, each replaying 1,000 events at most
    accepted, refused = figure(results, "  streams accepted"), figure(results, "  streams refused with 429")
    assert (accepted.value, refused.value) == (50, 150)
    assert figure(results, "  events replayed per accepted stream, max").value == 1000
    assert figure(results, "  web log lines while the clients came and left").value == 0
    assert all(r.benchmark == "B12" for r in results)


def test_a_spread_reports_p50_p99_and_max_with_their_targets_and_sample_count() -> None:
    found = spread("B9", "wait", [5.0, 1.0, 3.0, 2.0, 4.0], "ms", ("≤ 3", "≤ 5", ""))

    assert [(m.metric, m.value, m.target, m.samples) for m in found] == [
        ("wait p50", 3.0, "≤ 3", 5),
        ("wait p99", 5.0, "≤ 5", 5),
        ("wait max", 5.0, "", 5),
    ]
    assert found[0].line().endswith("(target ≤ 3)  n=5")


def test_a_spread_of_no_samples_is_an_error_naming_the_figure() -> None:
    with pytest.raises(ValueError, match="B9 wait: no samples were measured"):
        spread("B9", "wait", [], "ms")


def test_an_unknown_suite_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match=f"unknown benchmark latency; choose from {', '.join(SUITES)}"):
        run_benchmarks(["latency"], quick=True, out=io.StringIO())


def test_the_live_suites_are_registered_next_to_the_offline_ones() -> None:
    assert list(SUITES) == ["parse", "storage", "detection", "commands", "recovery", "streams", "scale", "trial"]


SCALE_FIGURES = [
    "events in the log",
    *(
        f"{route} {stat}"
        for route in (
            "GET /api/dashboard",
            "GET / (dashboard page)",
            "GET /api/events, first page",
            "GET /api/events, deep before_seq page",
            "GET /health, idle",
            "GET /health, dashboard load",
        )
        for stat in ("p50", "p99")
    ),
    "  dashboards served under load",
    "restart → READY p50",
    "  projections phase p50",
    "rebuild",
    "peak memory, one dashboard request",
    "peak memory, one boot to READY",
    "history built and appended",
]


def test_the_scale_suite_grows_one_log_and_measures_the_web_a_restart_a_rebuild_and_memory_at_each_size() -> None:
    results = run_benchmarks(["scale"], quick=True, out=io.StringIO())

    assert metrics(results) == [f"{size}: {name}" for size in ("2k", "6k") for name in SCALE_FIGURES]
    logged = [r.value for r in results if r.metric.endswith("events in the log")]
    # Whole orders are appended, so each size holds at least its events and at most one batch more
    assert 2_000 <= logged[0] < 3_000 and 6_000 <= logged[1] < 7_000
    assert figure(results, "6k: GET /api/dashboard p50").target == "≤ 20"
    assert figure(results, "6k: restart → READY p50").target == "≤ 1,500"
    assert figure(results, "6k: GET /api/dashboard p99").samples == 5
    assert all(r.benchmark == "B13" and r.value > 0 for r in results)


def test_the_scale_chart_draws_a_line_per_figure_in_a_panel_per_unit() -> None:
    svg = chart([100_000, 1_000_000], {"a p50": ("ms", [1.0, 2.0]), "b": ("MiB", [3.0, 3.0])}, "cost")

    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 4
    assert ">1,000,000 events</text>" in svg and ">a p50</text>" in svg and ">MiB</text>" in svg


def test_the_trial_suite_times_each_strategy_the_engine_ships_on_the_klines_file() -> None:
    results = run_benchmarks(["trial"], quick=True, out=io.StringIO())

    assert [r.metric for r in results] == [
        f"trial {name}, 288 5m klines {clock}" for name in built_in_strategies() for clock in ("wall", "cpu")
    ]
    assert all(r.benchmark == "TRY" and r.unit == "s" and r.value > 0 for r in results)
