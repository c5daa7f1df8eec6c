"""Per-symbol trading rules: exchangeInfo filters, display precisions, commission rates, leverage brackets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .brackets import Bracket, brackets, max_notional
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
    # Binance's notional and leverage brackets, lowest notional first (ADR 0087)
    brackets: tuple[Bracket, ...]
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
        if not self.brackets:
            raise ValueError(f"{self.symbol}: at least one leverage bracket is needed")
        if self.brackets[0].initial_leverage != self.max_leverage:
            raise ValueError(f"{self.symbol}: the first bracket must allow the max leverage {self.max_leverage}")

    def max_notional_value(self, leverage: int) -> Decimal:
        """The largest position notional allowed at `leverage` (the `maxNotionalValue` of /leverage)."""
        return max_notional(self.brackets, leverage)


# Filters as exchangeInfo showed them in 2024-2026 (XRPUSDT: no capture exists, see fixtures/SOURCES.md);
# fee rates are the regular-tier 0.02 % maker / 0.05 % taker; brackets and their sources: ADR 0087
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
    brackets=brackets(
        (75, "10000", "0.005"),
        (50, "50000", "0.01"),
        (25, "250000", "0.02"),
        (20, "1000000", "0.025"),
        (10, "5000000", "0.05"),
        (5, "10000000", "0.1"),
        (1, "50000000", "0.5"),
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
    brackets=brackets(
        (125, "50000", "0.004"),
        (100, "600000", "0.005"),
        (75, "3000000", "0.0065"),
        (50, "12000000", "0.01"),
        (25, "70000000", "0.02"),
        (20, "100000000", "0.025"),
        (10, "230000000", "0.05"),
        (5, "480000000", "0.1"),
        (4, "600000000", "0.125"),
        (3, "800000000", "0.15"),
        (2, "1200000000", "0.25"),
        (1, "1800000000", "0.5"),
    ),
)

DEFAULT_SYMBOLS = (XRPUSDT,)
