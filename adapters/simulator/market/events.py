"""What the market reports as simulated time passes: trades and book top, klines, mark price, funding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from adapters.simulator.market.bars import SimKline
from adapters.simulator.market.funding import FundingSettlement


@dataclass(frozen=True)
class PriceUpdate:
    """One step of trading: its aggregated trade (the aggTrade stream) and the book top after it (bookTicker)."""

    time: datetime
    price: Decimal
    quantity: Decimal
    agg_trade_id: int
    first_trade_id: int
    last_trade_id: int
    buyer_is_maker: bool
    bid_price: Decimal
    bid_quantity: Decimal
    ask_price: Decimal
    ask_quantity: Decimal


@dataclass(frozen=True)
class KlineUpdate:
    """A kline stream event at `time`: the forming kline, or (kline.closed) the final one, sent once."""

    time: datetime
    kline: SimKline


@dataclass(frozen=True)
class PremiumIndex:
    """The premiumIndex / markPriceUpdate facts at `time`; last_funding_rate is the rate due at next_funding_time."""

    time: datetime
    mark_price: Decimal
    index_price: Decimal
    estimated_settle_price: Decimal
    last_funding_rate: Decimal
    interest_rate: Decimal
    next_funding_time: datetime


MarketEvent = PriceUpdate | KlineUpdate | PremiumIndex | FundingSettlement
