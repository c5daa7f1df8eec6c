"""Hypothesis strategies for well-formed but adversarial event sequences (out of order, duplicated, across UTC days).

`event_sequences()` draws lists of Events over every payload type the projections fold — fills that open, add,
close and flip; fees before and after their fill; fills attributed to the bot after the fact; funding; regular and
conditional orders with colliding numeric ids, stale and terminal reports; balances; position snapshots; leverage;
engine state — plus types the folds ignore. Small id ranges make dedup keys collide (a fill reported twice, perhaps
with other numbers), and some payloads are repeated verbatim under a new event id, as when the stream and REST
both deliver a fact.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from domain.client_order_ids import client_order_id_for
from domain.events import (
    AlertCleared,
    AlertRaised,
    BalanceChanged,
    BotBooted,
    CommandExpired,
    CommandFailed,
    ConfigChanged,
    DatabaseAccountRebound,
    DriftDetected,
    EngineStateChanged,
    Event,
    EventPayload,
    ExchangeErrorRecorded,
    FeeCharged,
    FundingApplied,
    LeverageChanged,
    LiquidationFeeCharged,
    MarginCalled,
    OrderPlaced,
    OrderRejected,
    OrderUpdated,
    PositionChanged,
    RateLimitChanged,
    RateLimitState,
    Reconciled,
    RiskGuardRejected,
    TradeAttributed,
    TradeExecuted,
    TransferMade,
    TransferRequested,
    new_event,
)
from domain.transfers import TransferDirection
from domain.values import EngineState, OrderStatus, OrderType, Side, Source, TimeInForce
from tests.harness.builders import SCOPE

DAY0 = datetime(2026, 1, 5, tzinfo=UTC)
DAYS = 4
_BOUNDARIES = [day * 86400 + offset for day in range(1, DAYS) for offset in (-1, 0)]

QUANTITIES = ["0.1", "0.5", "1", "1.0", "2", "2.5", "10"]
PRICES = ["0.5", "0.5123", "0.49", "0.6", "1", "0.4999", "0.50"]
PNLS = ["0", "1.5", "-2", "-0.25", "0.0000001", "3.00"]
FEES = ["0", "0.01", "0.0002", "0.00020", "-0.001"]
FUNDING = ["0.01", "-0.02", "0", "-0.0050"]
WALLETS = ["1000", "999.5", "1000.00", "0", "1234.5678"]
POSITIONS = ["0", "1", "-1", "2.5", "-0.5", "0.0"]
CLIENT_IDS = [None, client_order_id_for("cmd-1"), client_order_id_for("cmd-2", "stop"), "web_manual_1"]


def decimals(choices: list[str]) -> st.SearchStrategy[Decimal]:
    return st.sampled_from(choices).map(Decimal)


def moments() -> st.SearchStrategy[datetime]:
    """Aware UTC instants (millisecond resolution) over a few days, often one millisecond either side of midnight."""
    seconds = st.one_of(st.integers(0, DAYS * 86400 - 1), st.sampled_from(_BOUNDARIES))
    millis = st.sampled_from([0, 0, 1, 500, 999])
    return st.builds(lambda s, ms: DAY0 + timedelta(seconds=s, milliseconds=ms), seconds, millis)


def trades() -> st.SearchStrategy[TradeExecuted]:
    return st.builds(
        TradeExecuted,
        trade_id=st.integers(1, 8),
        order_id=st.integers(1, 4),
        client_order_id=st.sampled_from(CLIENT_IDS),
        side=st.sampled_from(Side),
        price=decimals(PRICES),
        quantity=decimals(QUANTITIES),
        realized_pnl=decimals(PNLS),
        maker=st.booleans(),
        external=st.booleans(),
        executed_at=moments(),
    )


def attributions() -> st.SearchStrategy[TradeAttributed]:
    # A fill stored as external, later known as ours; may come for a trade not (yet) folded, or one with a fee only
    ours = st.sampled_from([c for c in CLIENT_IDS if c is not None and c.startswith("ae-")])
    return st.builds(TradeAttributed, st.integers(1, 8), st.integers(1, 4), ours, _COMMAND_IDS)


def fees() -> st.SearchStrategy[FeeCharged]:
    return st.builds(FeeCharged, st.integers(1, 8), st.sampled_from(["USDT", "BNB"]), decimals(FEES), moments())


def fundings() -> st.SearchStrategy[FundingApplied]:
    # Settlements happen on the hour; several per day, some on the same instant (dedup)
    days, hours = st.integers(0, DAYS - 1), st.sampled_from([0, 8, 16])
    times = st.builds(lambda d, h: DAY0 + timedelta(days=d, hours=h), days, hours)
    tran_ids = st.one_of(st.none(), st.integers(1, 10**18))
    return st.builds(FundingApplied, st.just("USDT"), decimals(FUNDING), times, tran_ids)


def transfers() -> st.SearchStrategy[TransferMade]:
    """Funds in (> 0) or out (< 0); a tranId and a command only when the source knew them."""
    amounts = decimals(FUNDING).filter(lambda amount: amount != 0)
    tran_ids = st.one_of(st.none(), st.integers(1, 10**18))
    return st.builds(TransferMade, st.just("USDT"), amounts, moments(), tran_ids, _COMMAND_IDS)


def transfer_requests() -> st.SearchStrategy[TransferRequested]:
    return st.builds(
        TransferRequested,
        st.sampled_from(["cmd-1", "cmd-2"]),
        st.sampled_from(TransferDirection),
        st.just("USDT"),
        decimals(FUNDING).map(abs).filter(lambda amount: amount != 0),
        moments(),
    )


def liquidation_fees() -> st.SearchStrategy[LiquidationFeeCharged]:
    # Mostly a cost; a negative amount is the insurance fund topping a wallet back up to zero
    return st.builds(LiquidationFeeCharged, st.just("USDT"), decimals(FUNDING), moments(), st.integers(1, 10**18))


@st.composite
def orders(draw: st.DrawFn) -> OrderPlaced | OrderUpdated:
    """Regular (LIMIT/MARKET) or conditional (STOP/TAKE_PROFIT_MARKET) orders sharing a small numeric id space."""
    conditional = draw(st.booleans())
    if conditional:
        order_type = draw(st.sampled_from([OrderType.STOP_MARKET, OrderType.TAKE_PROFIT_MARKET]))
        price, trigger, tif = None, draw(decimals(PRICES)), None
    else:
        order_type = draw(st.sampled_from([OrderType.LIMIT, OrderType.MARKET]))
        limit = order_type is OrderType.LIMIT
        price, trigger = (draw(decimals(PRICES)) if limit else None), None
        tif = draw(st.sampled_from(TimeInForce)) if limit else None
    kind = draw(st.sampled_from([OrderPlaced, OrderUpdated]))
    return kind(
        client_order_id=draw(st.sampled_from([c for c in CLIENT_IDS if c is not None])),
        order_id=draw(st.integers(1, 4)),
        conditional=conditional,
        side=draw(st.sampled_from(Side)),
        order_type=order_type,
        quantity=draw(decimals(["1", "2", "2.0"])),
        price=price,
        trigger_price=trigger,
        reduce_only=draw(st.booleans()),
        close_position=draw(st.booleans()),
        time_in_force=tif,
        status=draw(st.sampled_from(OrderStatus)),
        filled_qty=draw(decimals(["0", "0.5", "1", "1.0", "2"])),
        avg_price=draw(decimals(["0", *PRICES])),
        external=draw(st.booleans()),
        updated_at=draw(moments()),
    )


_REASONS = st.sampled_from(["ORDER", "FUNDING_FEE", "reconcile", "DEPOSIT"])
_TEXT = st.sampled_from(["", "user", "daily loss", "ümlaut ✓"])
_COMMAND_IDS = st.one_of(st.none(), st.sampled_from(["cmd-1", "cmd-2"]))


def balances() -> st.SearchStrategy[BalanceChanged]:
    assets = st.sampled_from(["USDT", "BNB"])
    return st.builds(BalanceChanged, assets, decimals(WALLETS), decimals(WALLETS), _REASONS, moments())


def positions() -> st.SearchStrategy[PositionChanged]:
    return st.builds(PositionChanged, decimals(POSITIONS), decimals(["0", *PRICES]), _REASONS, moments())


def leverages() -> st.SearchStrategy[LeverageChanged]:
    return st.builds(LeverageChanged, st.integers(1, 125), moments())


def engine_states() -> st.SearchStrategy[EngineStateChanged]:
    return st.builds(EngineStateChanged, st.sampled_from(EngineState), _TEXT, _COMMAND_IDS)


def ignored_facts() -> st.SearchStrategy[EventPayload]:
    """Payload types the projections do not fold."""
    text = _TEXT
    return st.one_of(
        st.builds(DriftDetected, st.sampled_from(["order", "position", "balance"]), text, text, text, text),
        st.builds(Reconciled, st.integers(0, 50), st.integers(0, 5)),
        st.builds(
            RiskGuardRejected,
            st.sampled_from(["max_risk_per_trade", "daily_loss_limit"]),
            text,
            decimals(PNLS),
            decimals(PNLS),
            decimals(WALLETS),
            _COMMAND_IDS,
        ),
        st.builds(ConfigChanged, st.sampled_from(["risk", "strategy"]), st.integers(1, 3), st.just('{"a":1}'), text),
        st.builds(CommandFailed, st.sampled_from(["cmd-1", "cmd-2"]), st.just("PlaceOrder"), text),
        st.builds(CommandExpired, st.sampled_from(["cmd-1", "cmd-2"]), st.just("ClosePosition"), moments(), moments()),
        st.builds(
            DatabaseAccountRebound, st.just("3f2a9c01d4e5b6a7"), st.just("0011223344556677"), text, st.booleans()
        ),
        st.builds(BotBooted, text, moments()),
        st.builds(AlertRaised, st.sampled_from(["drift", "fail_closed"]), text, text, st.booleans()),
        st.builds(AlertCleared, st.sampled_from(["drift", "fail_closed"]), text),
        st.builds(ExchangeErrorRecorded, st.just("place_order"), st.none() | st.integers(-5000, 0), text, text),
        st.builds(
            RateLimitChanged,
            st.sampled_from(RateLimitState),
            st.sampled_from(RateLimitState),
            st.integers(0, 3000),
            st.none() | st.integers(0, 300),
            st.none() | st.integers(0, 1200),
            st.none() | moments(),
            text,
        ),
        st.builds(OrderRejected, st.sampled_from(CLIENT_IDS[1:]), _COMMAND_IDS, st.integers(-5000, -1000), text),
        st.builds(
            MarginCalled,
            st.sampled_from(["XRPUSDT", "BTCUSDT"]),
            st.sampled_from(["BOTH", "LONG"]),
            st.sampled_from(["CROSSED", "ISOLATED"]),
            decimals(POSITIONS),
            decimals(PRICES),
            decimals(PNLS),
            decimals(FEES),
            decimals(WALLETS),
            st.none() | decimals(WALLETS),
            moments(),
        ),
    )


def payloads() -> st.SearchStrategy[EventPayload]:
    """One payload of any type, weighted towards fills and orders (shrinking simplifies towards fills)."""
    weighted = [
        *[trades()] * 5,
        *[fees()] * 3,
        attributions(),
        *[orders()] * 4,
        fundings(),
        st.one_of(fundings(), liquidation_fees()),
        st.one_of(transfers(), transfer_requests()),
        *[positions()] * 2,
        balances(),
        leverages(),
        engine_states(),
        *[ignored_facts()] * 2,
    ]
    return st.sampled_from(weighted).flatmap(lambda strategy: strategy)


@st.composite
def event_sequences(draw: st.DrawFn, max_size: int = 40) -> list[Event]:
    """A list of Events of one scope with unique event ids, non-decreasing ts, and some repeated payloads."""
    # Drawing the length first spreads sizes evenly up to max_size (plain lists stay short on average)
    size = draw(st.integers(0, max_size))
    drawn = draw(st.lists(payloads(), min_size=size, max_size=size))
    if drawn:
        repeats = draw(st.lists(st.tuples(st.integers(0, len(drawn) - 1), st.integers(0, len(drawn))), max_size=5))
        for source, position in repeats:
            drawn.insert(position, drawn[source])
    events, ts = [], DAY0
    for number, payload in enumerate(drawn, start=1):
        ts += timedelta(seconds=draw(st.integers(0, 3 * 3600)))
        source = draw(st.sampled_from([Source.WS, Source.REST, Source.BOT]))
        events.append(new_event(payload, event_id=f"ev-{number:06d}", ts=ts, scope=SCOPE, source=source))
    return events
