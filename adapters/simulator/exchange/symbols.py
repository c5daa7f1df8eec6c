"""Per-symbol trading rules: exchangeInfo filters, display precisions, commission rates, leverage tiers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .vocabulary import ZERO


@dataclass(frozen=True)
class SymbolSpec:
    """One USDⓈ-M perpetual as the engine enforces it; the wire layer formats numbers with the precisions."""

    symbol: str
    base_asset: str
    quote_asset: str
    margin_asset: str
    price_precision: int
    quantity_precision: int
    tick_size: Decimal
    min_price: Decimal
    max_price: Decimal
    step_size: Decimal
    min_qty: Decimal
    max_qty: Decimal
    market_min_qty: Decimal
    market_max_qty: Decimal
    min_notional: Decimal
    maker_rate: Decimal
    taker_rate: Decimal
    max_leverage: int
    # The first bracket's maintenance margin rate, applied to any notional (no maintenance amount): ADR 0037
    maint_margin_rate: Decimal
    # (max leverage of the tier, notional cap of the tier), highest leverage first
    leverage_tiers: tuple[tuple[int, Decimal], ...]
    default_leverage: int = 20
    max_open_orders: int = 200
    # exchangeInfo's marketTakeBound: a MARKET order never fills further than this fraction from the mark price
    market_take_bound: Decimal = Decimal("0.05")
    max_algo_orders: int = 10
    # exchangeInfo's liquidationFee: the clearance fee of a liquidation, as a fraction of the notional liquidated
    liquidation_fee_rate: Decimal = Decimal("0.012500")

    def __post_init__(self) -> None:
        for name in ("tick_size", "step_size", "min_qty", "market_min_qty", "min_notional"):
            if getattr(self, name) <= ZERO:
                raise ValueError(f"{self.symbol}: {name} must be positive, got {getattr(self, name)}")
        if not 1 <= self.default_leverage <= self.max_leverage:
            raise ValueError(
                f"{self.symbol}: default leverage {self.default_leverage} is outside 1..{self.max_leverage}"
            )
        if not self.leverage_tiers:
            raise ValueError(f"{self.symbol}: at least one leverage tier is needed")

    def max_notional_value(self, leverage: int) -> Decimal:
        """The largest position notional allowed at `leverage` (the `maxNotionalValue` of /leverage)."""
        caps = [cap for tier_leverage, cap in self.leverage_tiers if tier_leverage >= leverage]
        return max(caps) if caps else self.leverage_tiers[-1][1]


def _tiers(*pairs: tuple[int, str]) -> tuple[tuple[int, Decimal], ...]:
    return tuple((leverage, Decimal(cap)) for leverage, cap in pairs)


# Filters as exchangeInfo showed them in 2024-2026 (XRPUSDT: no capture exists, see fixtures/SOURCES.md);
# fee rates are the regular-tier 0.02 % maker / 0.05 % taker; tiers are illustrative, not Binance's brackets
XRPUSDT = SymbolSpec(
    symbol="XRPUSDT",
    base_asset="XRP",
    quote_asset="USDT",
    margin_asset="USDT",
    price_precision=4,
    quantity_precision=1,
    tick_size=Decimal("0.0001"),
    min_price=Decimal("0.0143"),
    max_price=Decimal("100000"),
    step_size=Decimal("0.1"),
    min_qty=Decimal("0.1"),
    max_qty=Decimal("10000000"),
    market_min_qty=Decimal("0.1"),
    market_max_qty=Decimal("2000000"),
    min_notional=Decimal("5"),
    maker_rate=Decimal("0.0002"),
    taker_rate=Decimal("0.0005"),
    max_leverage=75,
    maint_margin_rate=Decimal("0.005"),
    leverage_tiers=_tiers(
        (75, "10000"), (50, "50000"), (25, "250000"), (20, "1000000"), (10, "5000000"), (5, "10000000"), (1, "50000000")
    ),
)

BTCUSDT = SymbolSpec(
    symbol="BTCUSDT",
    base_asset="BTC",
    quote_asset="USDT",
    margin_asset="USDT",
    price_precision=2,
    quantity_precision=3,
    tick_size=Decimal("0.10"),
    min_price=Decimal("261.10"),
    max_price=Decimal("809484"),
    step_size=Decimal("0.001"),
    min_qty=Decimal("0.001"),
    max_qty=Decimal("1000"),
    market_min_qty=Decimal("0.001"),
    market_max_qty=Decimal("120"),
    min_notional=Decimal("100"),
    maker_rate=Decimal("0.0002"),
    taker_rate=Decimal("0.0005"),
    max_leverage=125,
    maint_margin_rate=Decimal("0.004"),
    leverage_tiers=_tiers(
        (125, "50000"),
        (100, "600000"),
        (75, "3000000"),
        (50, "12000000"),
        (25, "70000000"),
        (20, "100000000"),
        (10, "230000000"),
        (5, "480000000"),
        (1, "1800000000"),
    ),
)

DEFAULT_SYMBOLS = (XRPUSDT,)
