"""`alphaengine trial`: run a strategy through the real bot against the simulator replaying a klines file, then
write the report and chart (ADR 0093)."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

import anyio

from config.errors import SettingsError
from domain.events import StoredEvent
from domain.performance import Performance, performance
from entrypoints.trial.klines_file import SHIPPED, KlinesFile, TrialRefused
from entrypoints.trial.report import TrialInfo, write_report
from entrypoints.trial.run import TrialFailed, TrialOptions, TrialRun, prepare, run
from entrypoints.trial.saved_log import save_log
from ports.event_store import EventStore

PAGE = 1000
DEFAULT_OUT = Path("data") / "trials"
# As the simulator's own --balance bounds: a wallet from one cent to a billion
MIN_BALANCE, MAX_BALANCE = Decimal("0.01"), Decimal("1000000000")
MAX_PLACES = 8
PARAM_PREFIX = "strategy.params."
DESCRIPTION = (
    "Run the bot (risk guard, executor, stops) with --strategy against the simulator replaying --klines at full speed "
    "on a fresh in-memory database, then write DIR/report.json, report.md, equity.svg and the run's event log "
    "DIR/trial.sqlite3. The bot's own log goes to DIR/trial.log unless --log-file says otherwise."
)


@dataclass(frozen=True)
class TrialResult:
    run: TrialRun
    info: TrialInfo
    figures: Performance
    written: list[Path]


def add_trial(commands: Any, logs: argparse.ArgumentParser) -> None:
    trial = commands.add_parser(
        "trial",
        parents=[logs],
        help="run a strategy through the real bot against the simulator replaying klines; write a report and chart",
        description=DESCRIPTION,
    )
    trial.add_argument("--strategy", required=True, metavar="NAME", help="an installed strategy (`strategy.name`)")
    trial.add_argument(
        "--klines",
        type=Path,
        default=SHIPPED,
        metavar="FILE",
        help="a Binance klines CSV (default: the shipped 3 days of 5m XRPUSDT)",
    )
    trial.add_argument("--symbol", default="XRPUSDT", help="the symbol the file's prices are (default %(default)s)")
    trial.add_argument("--out", type=Path, metavar="DIR", help=f"where the report goes (default {DEFAULT_OUT}/NAME)")
    trial.add_argument(
        "--set",
        action="append",
        default=[],
        dest="settings",
        metavar="KEY=VALUE",
        help="a strategy param (fast=5) or a dotted runtime setting (risk.max_risk_per_trade=0.01); repeatable",
    )
    trial.add_argument("--balance", default="10000", help="the simulated USDT wallet (default %(default)s)")
    trial.add_argument("--seed", type=int, default=42, help="seed of the simulator's ids and book (default 42)")


def trial_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Refused input exits 2 with one line naming the option; a finished trial prints where its report is."""
    from entrypoints.cli_services import EXIT_CONFIG, EXIT_FAILURE
    from entrypoints.runtime import LogOptions, configure_logging, log_options

    try:
        # Before the default folder is named after it, so no folder is made for a name that is not a strategy
        known_strategy(args.strategy)
        folder: Path = args.out or DEFAULT_OUT / args.strategy
        options = TrialOptions(
            strategy=args.strategy,
            klines=KlinesFile.read(args.klines, args.symbol),
            folder=folder,
            balance=balance(args.balance),
            seed=args.seed,
            settings=settings(args.settings),
        )
    except TrialRefused as refused:
        print(f"alphaengine trial: {refused}", file=err)
        return EXIT_CONFIG
    # The bot's activity goes to the trial's own log file unless --log-file says otherwise: stdout keeps the summary
    chosen = log_options(args)
    configure_logging(options=LogOptions(chosen.format, chosen.file or folder / "trial.log", chosen.max_mb))
    try:
        result = run_trial(options)
    except TrialRefused as refused:
        print(f"alphaengine trial: {refused}", file=err)
        return EXIT_CONFIG
    except TrialFailed as failed:
        print(f"alphaengine trial: {failed} (see {folder / 'trial.log'})", file=err)
        return EXIT_FAILURE
    print(summary(result), file=out)
    return 0


def run_trial(options: TrialOptions) -> TrialResult:
    """Prepare, run and report one trial; TrialRefused names the option or setting that stopped it."""
    started = time.perf_counter()
    try:
        trial = prepare(options)
    except SettingsError as error:
        raise TrialRefused(refused_setting(error)) from None
    try:
        anyio.run(run, trial)
        events = list(read_events(trial.adapters.event_store()))
        figures = performance(
            events, options.klines.closes, options.klines.symbol, options.balance, (trial.start, trial.end)
        )
        settings = trial.bot.settings()
        info = TrialInfo(
            strategy=options.strategy,
            timeframe=trial.timeframe,
            params=dict(settings.strategy.params),
            settings={k: v for k, v in options.settings.items() if not k.startswith(PARAM_PREFIX)},
            symbol=options.klines.symbol,
            klines=str(options.klines.path),
            klines_interval=options.klines.interval,
            seed=options.seed,
            cycles=trial.cycles,
            events=len(events),
            seconds=time.perf_counter() - started,
        )
        written = write_report(options.folder, info, figures)
        clock, secrets = trial.simulation.clock, trial.bot.secrets()
        written.append(save_log(options.folder, events, trial.adapters.config_store(), secrets, clock))
    finally:
        trial.close()
    return TrialResult(trial, info, figures, written)


def read_events(store: EventStore) -> Iterator[StoredEvent]:
    """The whole log, oldest first, a page at a time through the event store's own read (EventStore.read_after)."""
    after = 0
    while page := store.read_after(after, PAGE):
        yield from page
        after = page[-1].seq


def settings(pairs: list[str]) -> dict[str, Any]:
    """--set KEY=VALUE pairs: a bare KEY is a strategy param; VALUE is JSON if it parses (as `config set`)."""
    chosen: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key:
            raise TrialRefused(f"--set {pair!r}: expected KEY=VALUE, e.g. fast=5 or risk.max_risk_per_trade=0.01")
        dotted = key if "." in key else PARAM_PREFIX + key
        if dotted.startswith("strategy.") and not dotted.startswith(PARAM_PREFIX) and dotted != "strategy.timeframe":
            raise TrialRefused(f"--set {key}: the strategy is chosen with --strategy; set its params as NAME=VALUE")
        if dotted.startswith("trading."):
            raise TrialRefused(f"--set {key}: a trial trades the klines file's symbol (--symbol) on its own account")
        chosen[dotted] = _value(text)
    return chosen


def balance(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    places = value.as_tuple().exponent if value.is_finite() else "n"
    if not isinstance(places, int) or places < -MAX_PLACES or not MIN_BALANCE <= value <= MAX_BALANCE:
        raise TrialRefused(f"--balance: a USDT amount from {MIN_BALANCE} to {MAX_BALANCE}, got {text!r}")
    return value


def known_strategy(name: str) -> None:
    """TrialRefused naming --strategy, with the installed ones, when `name` is none of them."""
    from entrypoints.strategy_check import check_strategy

    try:
        check_strategy(name, {})
    except SettingsError as error:
        if error.key == "strategy.name":
            raise TrialRefused(refused_setting(error)) from None


def refused_setting(error: SettingsError) -> str:
    """The option the refused setting came from: --strategy for the name, --set for the rest."""
    if error.key == "strategy.name":
        return f"--strategy: {error.problem}"
    shown = error.key.removeprefix(PARAM_PREFIX)
    return f"--set {shown}: {error.problem}"


def summary(result: TrialResult) -> str:
    figures, info = result.figures, result.info
    return (
        f"trial {info.strategy} {info.timeframe} on {info.symbol}: {len(figures.round_trips)} positions, "
        f"{figures.fills} fills, net PnL {figures.net_pnl:,.2f} (fees {figures.fees:,.2f}, funding "
        f"{figures.funding:,.2f}), max drawdown {figures.max_drawdown:,.2f}, in market "
        f"{figures.time_in_market_fraction * 100:.1f} % ({info.seconds:.1f} s)\n"
        + "".join(
            f"  {kind}: {count} (see trial.log)\n" for kind, count in figures.incidents if kind.startswith("error")
        )
        + "\n".join(f"  {path}" for path in result.written)
    )


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
