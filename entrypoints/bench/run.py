"""Run the benchmarks and print one line per measured figure."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from entrypoints.bench.commands import command_benchmarks
from entrypoints.bench.detection import detection_benchmarks
from entrypoints.bench.parsing import parse_benchmark
from entrypoints.bench.recovery import recovery_benchmarks
from entrypoints.bench.report import Measurement
from entrypoints.bench.scale import scale_benchmarks
from entrypoints.bench.storage import storage_benchmarks
from entrypoints.bench.streams import stream_benchmarks
from entrypoints.bench.trial import trial_benchmarks

# detection, commands and recovery run the real simulator (Hypercorn on a free port) and the real bot on SQLite;
# streams runs the real web process; scale grows a log to 3M events and runs the web app in-process
SUITES: dict[str, Callable[[bool], list[Measurement]]] = {
    "parse": parse_benchmark,
    "storage": storage_benchmarks,
    "detection": detection_benchmarks,
    "commands": command_benchmarks,
    "recovery": recovery_benchmarks,
    "streams": stream_benchmarks,
    "scale": scale_benchmarks,
    "trial": trial_benchmarks,
}


def run_benchmarks(names: list[str], quick: bool, out: TextIO) -> list[Measurement]:
    """Run the named suites (all when empty); ValueError names an unknown one."""
    unknown = sorted(set(names) - set(SUITES))
    if unknown:
        raise ValueError(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(SUITES)}")
    results: list[Measurement] = []
    for name in names or list(SUITES):
        for measurement in SUITES[name](quick):
            print(measurement.line(), file=out, flush=True)
            results.append(measurement)
    return results
