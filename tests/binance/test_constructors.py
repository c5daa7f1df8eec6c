"""The translator's compiled constructor builds the very instance the domain class builds, or hands the class back."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from adapters.binance.translate.constructors import constructor
from domain.events import EventPayload, FeeCharged, OrderPlaced, OrderUpdated, TradeExecuted
from domain.values import OrderStatus, OrderType, Side, TimeInForce

AT = datetime(2026, 1, 1, tzinfo=UTC)
ORDER: dict[str, Any] = {
    "client_order_id": "ae-m0123",
    "order_id": 8389766058155948331,
    "conditional": False,
    "side": Side.BUY,
    "order_type": OrderType.LIMIT,
    "quantity": Decimal("20"),
    "price": Decimal("0.5"),
    "trigger_price": None,
    "reduce_only": False,
    "close_position": False,
    "time_in_force": TimeInForce.GTC,
    "status": OrderStatus.PARTIALLY_FILLED,
    "filled_qty": Decimal("5"),
    "avg_price": Decimal("0.5"),
    "external": False,
    "updated_at": AT,
}
TRADE: dict[str, Any] = {
    "trade_id": 4467432737,
    "order_id": 1,
    "client_order_id": None,
    "side": Side.SELL,
    "price": Decimal("0.5001"),
    "quantity": Decimal("20"),
    "realized_pnl": Decimal("-0.1"),
    "maker": True,
    "external": True,
    "executed_at": AT,
}
FEE: dict[str, Any] = {"trade_id": 1, "asset": "USDT", "amount": Decimal("0.005001"), "charged_at": AT}
CASES = [
    (OrderUpdated, ORDER),
    (OrderPlaced, ORDER),
    (OrderPlaced, {**ORDER, "command_id": "cmd-1"}),
    (TradeExecuted, TRADE),
    (FeeCharged, FEE),
]


@pytest.mark.parametrize(("kind", "fields"), CASES)
def test_the_compiled_constructor_builds_what_the_class_builds(
    kind: type[EventPayload], fields: dict[str, Any]
) -> None:
    built, expected = constructor(kind)(**fields), kind(**fields)
    assert constructor(kind) is not kind
    assert type(built) is kind
    assert built == expected
    assert repr(built) == repr(expected)
    assert hash(built) == hash(expected)
    assert vars(built) == vars(expected)
    assert list(vars(built)) == list(vars(expected))
    assert pickle.loads(pickle.dumps(built)) == expected
    assert built.natural_key() == expected.natural_key()


def test_the_built_fact_stays_frozen() -> None:
    fee = constructor(FeeCharged)(**FEE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fee.asset = "BNB"  # type: ignore[misc]  # the assignment the test expects to be refused


def test_a_missing_or_unknown_field_is_a_type_error_as_with_the_class() -> None:
    with pytest.raises(TypeError, match="asset"):
        constructor(FeeCharged)(trade_id=1, amount=Decimal(1), charged_at=AT)
    with pytest.raises(TypeError, match="fee"):
        constructor(FeeCharged)(**FEE, fee=Decimal(1))


@dataclasses.dataclass(frozen=True)
class Checked:
    amount: Decimal

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("amount: must not be negative")


def test_a_class_that_validates_still_validates() -> None:
    assert constructor(Checked)(amount=Decimal(1)) == Checked(Decimal(1))
    with pytest.raises(ValueError, match="amount: must not be negative"):
        constructor(Checked)(amount=Decimal(-1))


@dataclasses.dataclass(frozen=True, slots=True)
class Slotted:
    amount: Decimal


@dataclasses.dataclass(frozen=True)
class Defaulted:
    tags: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class InitOnly:
    amount: Decimal
    scale: dataclasses.InitVar[int] = 1


@pytest.mark.parametrize("kind", [Slotted, Defaulted, InitOnly])
def test_a_class_the_compiled_constructor_cannot_vouch_for_keeps_its_own(kind: type[Any]) -> None:
    assert constructor(kind) is kind
