"""The trial's report: the figures folded from the run's event log, as JSON (decimals as strings, like every figure
the engine stores) and as Markdown next to the equity and drawdown chart."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from domain.performance import Performance, RoundTrip
from domain.symbols import quote_asset
from entrypoints.trial.chart import equity_chart

JSON_FILE, MARKDOWN_FILE, CHART_FILE = "report.json", "report.md", "equity.svg"
# The Markdown lists this many positions, the last ones; the JSON lists all
SHOWN_TRIPS = 30
PERCENT = Decimal(100)
# Ratios and time-weighted averages are not exchange figures: shown to these places, not to 28 digits
FRACTION_PLACES, MONEY_PLACES = 6, 8


@dataclass(frozen=True)
class TrialInfo:
    """What was run: the strategy and its settings, the replayed file, and how long the run took."""

    strategy: str
    timeframe: str
    params: Mapping[str, Any]
    settings: Mapping[str, Any]
    symbol: str
    klines: str
    klines_interval: str
    seed: int
    cycles: int
    events: int
    seconds: float


def write_report(folder: Path, info: TrialInfo, figures: Performance) -> list[Path]:
    """Write report.json, report.md and equity.svg into `folder` (made if missing); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    asset = quote_asset(info.symbol) or "USDT"
    written = {
        JSON_FILE: json.dumps(report_json(info, figures), indent=2) + "\n",
        MARKDOWN_FILE: report_markdown(info, figures, asset),
        CHART_FILE: equity_chart(figures.curve, f"{info.strategy} on {info.symbol} {info.timeframe}", asset),
    }
    for name, text in written.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in written]


def report_json(info: TrialInfo, figures: Performance) -> dict[str, Any]:
    position = figures.final_position
    return {
        "strategy": info.strategy,
        "timeframe": info.timeframe,
        "params": dict(info.params),
        "settings": dict(info.settings),
        "symbol": info.symbol,
        "klines": {"file": info.klines, "interval": info.klines_interval, "seed": info.seed},
        "period": {"start": _time(figures.start), "end": _time(figures.end)},
        "run": {"cycles": info.cycles, "events": info.events, "seconds": round(info.seconds, 2)},
        "start_balance": str(figures.start_balance),
        "trades": {
            "fills": figures.fills,
            "orders": figures.orders,
            "positions": len(figures.round_trips),
            "bought": str(figures.bought),
            "sold": str(figures.sold),
            "traded_notional": str(figures.traded_notional),
        },
        "pnl": {
            "realized": str(figures.realized_pnl),
            "fees": str(figures.fees),
            "funding": str(figures.funding),
            "net": str(figures.net_pnl),
            "unrealized_at_end": str(figures.unrealized_pnl),
            "end_equity": str(figures.end_equity),
        },
        "max_drawdown": {
            "amount": str(figures.max_drawdown),
            "fraction": str(round(figures.max_drawdown_fraction, FRACTION_PLACES)),
            "at": None if figures.max_drawdown_at is None else _time(figures.max_drawdown_at),
        },
        "exposure": {
            "time_in_market_seconds": int(figures.time_in_market.total_seconds()),
            "time_in_market_fraction": str(round(figures.time_in_market_fraction, FRACTION_PLACES)),
            "average_notional": str(round(figures.average_notional, MONEY_PLACES)),
            "max_notional": str(figures.max_notional),
        },
        "incidents": dict(figures.incidents),
        "final_position": {"quantity": str(position.quantity), "entry_price": str(position.entry_price)},
        "positions": [_trip_json(trip) for trip in figures.round_trips],
        "equity": [
            {"at": _time(p.at), "equity": str(p.equity), "drawdown": str(p.drawdown), "position": str(p.position)}
            for p in figures.curve
        ],
    }


def report_markdown(info: TrialInfo, figures: Performance, asset: str) -> str:
    def money(value: Decimal) -> str:
        return f"{value:,.2f} {asset}"

    params = ", ".join(f"{k}={v}" for k, v in info.params.items()) or "defaults"
    lines = [
        f"# Trial: {info.strategy} on {info.symbol} {info.timeframe}",
        "",
        (
            f"The real bot (risk guard, executor, stops) traded the simulator replaying `{info.klines}` "
            f"({info.klines_interval} klines) from {_time(figures.start)} to {_time(figures.end)}; "
            f"params: {params}. Every figure is folded from the run's event log ({info.events} events, "
            f"{info.cycles} cycles, {info.seconds:.1f} s)."
        ),
        "",
        "![equity and drawdown](equity.svg)",
        "",
        "| figure | value |",
        "|---|---|",
        f"| start balance | {money(figures.start_balance)} |",
        f"| end equity | {money(figures.end_equity)} |",
        f"| net PnL (realized - fees + funding) | {money(figures.net_pnl)} |",
        f"| realized PnL | {money(figures.realized_pnl)} |",
        f"| fees | {money(figures.fees)} |",
        f"| funding | {money(figures.funding)} |",
        f"| unrealized at the end | {money(figures.unrealized_pnl)} |",
        f"| max drawdown | {money(figures.max_drawdown)} ({figures.max_drawdown_fraction * PERCENT:.2f} %) |",
        f"| positions / orders filled / fills | {len(figures.round_trips)} / {figures.orders} / {figures.fills} |",
        f"| traded notional | {money(figures.traded_notional)} |",
        f"| time in market | {figures.time_in_market_fraction * PERCENT:.1f} % ({figures.time_in_market}) |",
        f"| average / max notional held | {money(figures.average_notional)} / {money(figures.max_notional)} |",
        f"| refusals and failures | {_incidents(figures)} |",
        "",
    ]
    trips = figures.round_trips[-SHOWN_TRIPS:]
    if trips:
        total = len(figures.round_trips)
        shown = f"the last {len(trips)} of {total}" if len(trips) < total else f"all {total}"
        lines += [
            f"## Positions ({shown})",
            "",
            "| opened | closed | side | largest | fills | realized | fees |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {_time(t.opened_at)} | {_time(t.closed_at) if t.closed_at else 'open'} | {t.side} | "
            f"{t.largest} | {t.fills} | {t.realized_pnl:,.4f} | {t.fees:,.4f} |"
            for t in trips
        ]
    return "\n".join(lines) + "\n"


def _incidents(figures: Performance) -> str:
    """What the log says kept decisions from the exchange, or failed; `trial.log` has each one's line."""
    return ", ".join(f"{kind} × {count}" for kind, count in figures.incidents) or "none"


def _trip_json(trip: RoundTrip) -> dict[str, Any]:
    return {
        "opened_at": _time(trip.opened_at),
        "closed_at": None if trip.closed_at is None else _time(trip.closed_at),
        "side": trip.side,
        "largest": str(trip.largest),
        "fills": trip.fills,
        "realized_pnl": str(trip.realized_pnl),
        "fees": str(trip.fees),
    }


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
