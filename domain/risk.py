"""The pre-trade risk guard: an order that breaks a limit is rejected before it can be sent (PRD §4.9)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from domain.daily_loss import DailyLoss, daily_loss
from domain.events import RiskGuardRejected
from domain.projections.rows import PnlDay
from domain.reports import SymbolRules
from domain.rounding import round_price, round_quantity, round_stop
from domain.values import ZERO, Side

MAX_RISK_PER_TRADE = "max_risk_per_trade"
DAILY_LOSS_LIMIT = "daily_loss_limit"
MIN_QUANTITY = "min_quantity"
MAX_QUANTITY = "max_quantity"
MIN_NOTIONAL = "min_notional"
PROTECTIVE_STOP = "protective_stop"
UNRESOLVED_ORDER = "unresolved_order"


@dataclass(frozen=True)
class RiskLimits:
    """Fractions of equity: 0.02 risks at most 2 % per trade; 0.05 stops new exposure after a 5 % daily loss."""

    max_risk_per_trade: Decimal
    daily_loss_limit: Decimal

    def __post_init__(self) -> None:
        for name in (MAX_RISK_PER_TRADE, DAILY_LOSS_LIMIT):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not ZERO < value <= 1:
                raise ValueError(f"risk limit {name} must be a Decimal fraction in (0, 1], got {value!r}")


@dataclass(frozen=True)
class ProposedOrder:
    """An order before the guard; entry_price is the expected fill (limit price, or the mark for a market order)."""

    side: Side
    quantity: Decimal
    entry_price: Decimal
    stop_price: Decimal | None = None
    reduce_only: bool = False
    market: bool = False

    def __post_init__(self) -> None:
        _require_decimal("quantity", self.quantity, allow_zero=True)
        _require_decimal("entry price", self.entry_price)
        if self.stop_price is not None:
            _require_decimal("stop price", self.stop_price)


@dataclass(frozen=True)
class AccountView:
    """The account as the guard sees it; `today` is the current UTC day's ledger row (empty if none);
    `unresolved_quantity`: signed quantity of the bot's entries whose outcome is unknown, possibly already held."""

    equity: Decimal
    day_start_equity: Decimal
    today: PnlDay
    unrealized_pnl: Decimal
    position_quantity: Decimal
    unresolved_quantity: Decimal = ZERO

    def daily_loss(self, fraction: Decimal) -> DailyLoss:
        """Today's loss and its limit, as the guard checks them and the dashboard shows them."""
        return daily_loss(self.today, self.unrealized_pnl, self.day_start_equity, fraction)


@dataclass(frozen=True)
class Approved:
    """The order as it may be sent: rounded to the symbol's grid; risk in quote currency (0 if it adds no exposure)."""

    order: ProposedOrder
    risk: Decimal
    adds_exposure: bool


@dataclass(frozen=True)
class Rejected:
    """The order must not be sent; the payload is ready to be recorded (the caller sets command_id)."""

    payload: RiskGuardRejected

    @property
    def rule(self) -> str:
        return self.payload.rule


Verdict = Approved | Rejected


def adds_exposure(order: ProposedOrder, position_quantity: Decimal) -> bool:
    """False for reduce-only orders and for opposite-side orders no larger than the position."""
    if order.reduce_only:
        return False
    opposite = position_quantity * order.side.sign < ZERO
    return not (opposite and order.quantity <= abs(position_quantity))


def round_order(order: ProposedOrder, rules: SymbolRules) -> ProposedOrder:
    """Quantity down to the (market) step, entry to the nearest tick, stop away from the entry."""
    entry = round_price(order.entry_price, rules.tick_size)
    stop = None if order.stop_price is None else round_stop(order.stop_price, entry, rules.tick_size)
    quantity = round_quantity(order.quantity, step_of(order, rules))
    return replace(order, quantity=quantity, entry_price=entry, stop_price=stop)


def step_of(order: ProposedOrder, rules: SymbolRules) -> Decimal:
    """Binance filters market orders by MARKET_LOT_SIZE when it is given, others by LOT_SIZE."""
    return rules.market_step_size if order.market and rules.market_step_size is not None else rules.step_size


def check_order(order: ProposedOrder, rules: SymbolRules, account: AccountView, limits: RiskLimits) -> Verdict:
    """Round the order to the symbol's grid, then approve it or name the first rule it breaks."""
    rounded = round_order(order, rules)
    # Worst case: the unknown entries may or may not have executed; exposing under either reading counts
    worst_case = account.position_quantity + account.unresolved_quantity
    exposing = adds_exposure(rounded, account.position_quantity) or adds_exposure(rounded, worst_case)
    case = _Case(rounded, rules, account, limits, exposing)
    for check in _CHECKS:
        rejected = check(case)
        if rejected is not None:
            return rejected
    return Approved(rounded, _risk(rounded) if case.exposing else ZERO, case.exposing)


@dataclass(frozen=True)
class _Case:
    order: ProposedOrder
    rules: SymbolRules
    account: AccountView
    limits: RiskLimits
    exposing: bool

    def reject(self, rule: str, reason: str, value: Decimal, limit: Decimal) -> Rejected:
        return Rejected(RiskGuardRejected(rule, reason, value, limit, self.account.equity, None))


def _min_quantity(case: _Case) -> Rejected | None:
    quantity, min_qty = case.order.quantity, case.rules.min_qty
    if quantity > ZERO and quantity >= min_qty:
        return None
    reason = f"quantity {quantity} (rounded down to step {step_of(case.order, case.rules)}) is below min_qty {min_qty}"
    return case.reject(MIN_QUANTITY, reason, quantity, min_qty)


def _max_quantity(case: _Case) -> Rejected | None:
    quantity, max_qty = case.order.quantity, case.rules.max_qty
    if quantity <= max_qty:
        return None
    return case.reject(MAX_QUANTITY, f"quantity {quantity} exceeds max_qty {max_qty}", quantity, max_qty)


def _min_notional(case: _Case) -> Rejected | None:
    order, minimum = case.order, case.rules.min_notional
    notional = order.quantity * order.entry_price
    if order.reduce_only or notional >= minimum:
        return None
    reason = f"notional {order.quantity} x {order.entry_price} = {notional} is below min_notional {minimum}"
    return case.reject(MIN_NOTIONAL, reason, notional, minimum)


def _daily_loss(case: _Case) -> Rejected | None:
    figures = case.account.daily_loss(case.limits.daily_loss_limit)
    if not figures.reached or not case.exposing:
        return None
    today = figures.today
    reason = (
        f"today's loss {figures.loss} (realized {today.realized_pnl} - fees {today.fees} + funding {today.funding}"
        f" + unrealized {figures.unrealized_pnl}) reached daily_loss_limit {figures.fraction} x day-start equity"
        f" {figures.day_start_equity} = {figures.allowed}; only orders that reduce the position are allowed until"
        " 00:00 UTC"
    )
    return case.reject(DAILY_LOSS_LIMIT, reason, figures.loss, figures.allowed)


def _unresolved_order(case: _Case) -> Rejected | None:
    order, unresolved = case.order, case.account.unresolved_quantity
    if not case.exposing or unresolved * order.side.sign <= ZERO:
        return None
    notional = abs(unresolved) * order.entry_price
    reason = (
        f"an earlier {order.side.value} entry of {abs(unresolved)} has an unknown outcome and may already be held;"
        f" no new {order.side.value} entry until the exchange shows it or proves it never placed (ADR 0048)"
    )
    return case.reject(UNRESOLVED_ORDER, reason, notional, ZERO)


def _protective_stop(case: _Case) -> Rejected | None:
    order = case.order
    if not case.exposing:
        return None
    if order.stop_price is None:
        reason = f"{order.side.value} entry at {order.entry_price} adds exposure without a protective stop"
        return case.reject(PROTECTIVE_STOP, reason, ZERO, order.entry_price)
    if (order.entry_price - order.stop_price) * order.side.sign > ZERO:
        return None
    wanted = "below" if order.side is Side.BUY else "above"
    reason = f"stop {order.stop_price} of a {order.side.value} entry at {order.entry_price} must be {wanted} the entry"
    return case.reject(PROTECTIVE_STOP, reason, order.stop_price, order.entry_price)


def _max_risk(case: _Case) -> Rejected | None:
    order, account, limit = case.order, case.account, case.limits.max_risk_per_trade
    risk, allowed = _risk(order), limit * account.equity
    if not case.exposing or risk <= allowed:
        return None
    reason = (
        f"risk |{order.entry_price} - {order.stop_price}| x {order.quantity} = {risk} exceeds"
        f" max_risk_per_trade {limit} x equity {account.equity} = {allowed}"
    )
    return case.reject(MAX_RISK_PER_TRADE, reason, risk, allowed)


def _require_decimal(name: str, value: object, allow_zero: bool = False) -> None:
    valid = isinstance(value, Decimal) and value.is_finite() and (value > ZERO or (allow_zero and value == ZERO))
    if not valid:
        wanted = "a finite Decimal ≥ 0" if allow_zero else "a positive finite Decimal"
        raise ValueError(f"order {name} must be {wanted}, got {value!r}")


def _risk(order: ProposedOrder) -> Decimal:
    if order.stop_price is None:
        return ZERO
    return abs(order.entry_price - order.stop_price) * order.quantity


# Order matters: the first broken rule is the one reported
_CHECKS: tuple[Callable[[_Case], Rejected | None], ...] = (
    _min_quantity,
    _max_quantity,
    _min_notional,
    _daily_loss,
    _unresolved_order,
    _protective_stop,
    _max_risk,
)
