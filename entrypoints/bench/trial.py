"""`alphaengine bench trial`: how long `alphaengine trial` takes for each strategy the engine ships, on the shipped
klines file (quick: its first day), wall clock and this process's CPU time (the machine may be shared)."""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from entrypoints.bench.report import Measurement
from entrypoints.trial.built_in import built_in_strategies
from entrypoints.trial.command import run_trial
from entrypoints.trial.klines_file import SHIPPED, KlinesFile
from entrypoints.trial.run import TrialOptions

QUICK_KLINES = 288
TARGET = "< 60 s"


def trial_benchmarks(quick: bool) -> list[Measurement]:
    results: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="alphaengine-bench-trial-") as scratch:
        folder = Path(scratch)
        klines = KlinesFile.read(_klines(folder, quick))
        # The bot logs every fill and refusal: a benchmark measures the trial, not the terminal
        logging.disable(logging.WARNING)
        try:
            for strategy in built_in_strategies():
                started, cpu = time.perf_counter(), time.process_time()
                result = run_trial(TrialOptions(strategy, klines, folder / strategy))
                wall, used = time.perf_counter() - started, time.process_time() - cpu
                what = f"trial {strategy}, {len(klines.closes)} {klines.interval} klines"
                results.append(Measurement("TRY", f"{what} wall", wall, "s", TARGET))
                results.append(Measurement("TRY", f"{what} cpu", used, "s", samples=result.info.cycles))
        finally:
            logging.disable(logging.NOTSET)
    return results


def _klines(folder: Path, quick: bool) -> Path:
    if not quick:
        return SHIPPED
    path = folder / "first-day.csv"
    path.write_text("".join(SHIPPED.read_text(encoding="utf-8").splitlines(keepends=True)[:QUICK_KLINES]), "utf-8")
    return path
