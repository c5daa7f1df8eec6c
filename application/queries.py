"""The read side: what the dashboard shows, each part read narrowly from the read models (ADR 0052).

Every read here costs a bounded number of rows whatever the history (trades, closed orders), and the risk figures
come from the same domain functions the risk guard enforces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from domain.daily_loss import DailyLoss, daily_loss, day_start_equity
from domain.projections.rows import Balance, EngineStatus, OpenOrder, PnlDay, Position, Trade
from domain.symbols import quote_asset, quote_wallet
from domain.values import ZERO
from ports.health import BotHealth
from ports.projection_store import ProjectionStore

RECENT_TRADES = 20
MARK = "mark"
LAST_FILL = "last_fill"


@dataclass(frozen=True)
class Mark:
    """The price unrealized PnL is taken at: the bot's last published mark, else the last fill (source says which)."""

    price: Decimal | None
    at: datetime | None
    source: str | None


@dataclass(frozen=True)
class DailyLossFigures:
    """The daily loss in the symbol's quote asset; `figures` None until the exchange reported that wallet."""

    asset: str | None
    fraction: Decimal
    figures: DailyLoss | None


@dataclass(frozen=True)
class DashboardReads:
    """What the dashboard shows from the read models; checkpoint is read first, so the rows are at least that recent."""

    checkpoint: int
    engine: EngineStatus | None
    position: Position
    balances: list[Balance]
    open_orders: list[OpenOrder]
    recent_trades: list[Trade]
    pnl_today: PnlDay
    pnl_total: PnlDay
    daily_loss: DailyLossFigures


@dataclass(frozen=True)
class MarketReads:
    position: Position
    mark: Mark


def dashboard_reads(
    projections: ProjectionStore, health: BotHealth | None, symbol: str, day: date, daily_loss_limit: Decimal
) -> DashboardReads:
    """The dashboard's rows for `symbol` on UTC `day`, with the daily loss at the mark the market panel shows."""
    checkpoint = projections.checkpoint()
    position, balances = projections.position(symbol), projections.balances()
    trades, today = projections.recent_trades(RECENT_TRADES), projections.pnl_day(day)
    figures = daily_loss_figures(balances, today, position, mark(health, trades).price, daily_loss_limit)
    return DashboardReads(
        checkpoint,
        projections.engine(),
        position,
        balances,
        projections.open_orders(),
        trades,
        today,
        projections.pnl_total(),
        figures,
    )


def market_reads(projections: ProjectionStore, health: BotHealth | None, symbol: str) -> MarketReads:
    """The position and the price its unrealized PnL is shown at (only the newest fill is read for it)."""
    return MarketReads(projections.position(symbol), mark(health, projections.recent_trades(1)))


def mark(health: BotHealth | None, trades: list[Trade]) -> Mark:
    """No mark published yet (no bot, or an older one): the newest fill's price stands in, labelled as such."""
    if health is not None and health.mark_price is not None:
        return Mark(health.mark_price, health.mark_at, MARK)
    fill = next((t for t in trades if t.price is not None), None)
    return Mark(None, None, None) if fill is None else Mark(fill.price, fill.executed_at, LAST_FILL)


def open_pnl(position: Position, price: Decimal | None) -> Decimal | None:
    """The open position's unrealized PnL at `price`; None when flat or no price is known (nothing to show)."""
    return None if price is None or position.quantity == 0 else position.unrealized_pnl(price)


def daily_loss_figures(
    balances: list[Balance], today: PnlDay, position: Position, price: Decimal | None, fraction: Decimal
) -> DailyLossFigures:
    """Today's loss with the open position's unrealized PnL at `price` (0 when no price is known), as the guard
    measures it before each order."""
    symbol = position.symbol
    wallet = quote_wallet(balances, symbol)
    if wallet is None:
        return DailyLossFigures(quote_asset(symbol), fraction, None)
    unrealized = ZERO if price is None else position.unrealized_pnl(price)
    start = day_start_equity(wallet.wallet_balance, today)
    return DailyLossFigures(wallet.asset, fraction, daily_loss(today, unrealized, start, fraction))
