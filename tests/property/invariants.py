"""The global invariants of guide §7 checked against the simulator's oracle: cheap ones per step, the rest quiesced."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from adapters.binance.translate import incomes_from_rest
from adapters.memory.projection_store import InMemoryProjectionStore
from adapters.simulator.exchange.oracle import Oracle
from adapters.simulator.server.bodies import income_body
from application.projector import Projector
from domain.client_order_ids import is_ours
from domain.events import FeeCharged, TradeExecuted
from domain.projections.state import ProjectionState
from domain.projections.stored import LARGE_TABLES
from entrypoints.pnl import exchange_totals, projected_totals
from tests.property.test_projection_rebuild import canonical
from tests.unit.application_crash.oracle_checks import assert_state_matches, exchange_client_ids
from tests.unit.application_crash.rig import Bot


@dataclass
class LogWatch:
    """What the event log showed so far: seqs must run on from 1 without a gap, and each fact be stored once."""

    last_seq: int = 0
    trades: Counter[int] = field(default_factory=Counter)
    fees: Counter[int] = field(default_factory=Counter)
    filled: dict[str, Decimal] = field(default_factory=dict)
    closed: set[str] = field(default_factory=set)

    def check(self, bot: Bot) -> None:
        """I3, I5 (seq) and R12 (filled quantities never go back, a closed order never reopens), incrementally."""
        fresh = bot.events.read_after(self.last_seq, 1_000_000)
        seqs = [stored.seq for stored in fresh]
        assert seqs == list(range(self.last_seq + 1, self.last_seq + 1 + len(seqs))), f"seq gap after {self.last_seq}"
        self.last_seq += len(seqs)
        for stored in fresh:
            payload = stored.event.payload
            if isinstance(payload, TradeExecuted):
                self.trades[payload.trade_id] += 1
            elif isinstance(payload, FeeCharged):
                self.fees[payload.trade_id] += 1
        assert not twice(self.trades), f"trades stored twice: {twice(self.trades)}"
        assert not twice(self.fees), f"fees stored twice: {twice(self.fees)}"
        self._check_orders(bot)

    def _check_orders(self, bot: Bot) -> None:
        # Every stored row: the bot's state holds the closed orders only until they are saved (ADR 0069)
        tables = bot.projections.load()[0].tables
        for key, row in [*tables["order_open"].items(), *tables["order_closed"].items()]:
            before = self.filled.get(key, Decimal(0))
            assert row.filled_qty >= before, f"order {key}: filled quantity went back from {before} to {row.filled_qty}"
            self.filled[key] = row.filled_qty
        reopened = self.closed & set(tables["order_open"])
        assert not reopened, f"closed orders listed as open again: {sorted(reopened)}"
        self.closed |= set(tables["order_closed"])


def twice(counts: Counter[int]) -> list[int]:
    return sorted(key for key, count in counts.items() if count > 1)


def assert_no_duplicate_orders(oracle: Oracle, bot: Bot) -> None:
    """I1: each of the bot's client ids was accepted at most once and came from a committed intent; once quiet, every
    intent that reached the exchange knows that very order (a lost ack was adopted, never sent again)."""
    placed = exchange_client_ids(oracle)
    ours = {client_id: count for client_id, count in placed.items() if is_ours(client_id)}
    assert all(count == 1 for count in ours.values()), f"a client id accepted twice: {ours}"
    exchange_ids = {order.client_order_id: order.order_id for order in oracle.orders if order.algo_id is None}
    exchange_ids |= {algo.client_algo_id: algo.algo_id for algo in oracle.algo_orders}
    links = [
        link
        for record in bot.commands.list(limit=10_000)
        for link in bot.commands.order_links(record.command.command_id)
    ]
    assert {link.client_order_id for link in links} >= set(ours), "an order on the exchange without an intent"
    for link in links:
        on_exchange = exchange_ids.get(link.client_order_id)
        assert link.exchange_order_id == on_exchange, f"{link} but the exchange has {on_exchange}"


def assert_commands_settled(bot: Bot) -> None:
    """I6 without faults left: every command reached ACK or FAILED."""
    open_commands = [r.command.command_id for r in bot.commands.list(limit=10_000) if not r.status.is_final]
    assert not open_commands, f"commands still in flight after quiescing: {open_commands}"


def assert_equal_to_oracle(oracle: Oracle, bot: Bot) -> None:
    """I2 with quantities, prices, PnL and fees; I4; balances, open orders and PnL totals equal the exchange's."""
    state = bot.projector.state
    assert_state_matches(state, oracle)
    ours = {t.trade_id: (t.quantity, t.price, t.realized_pnl, t.fee, t.fee_asset) for t in state.trades()}
    truth = {t.trade_id: (t.qty, t.price, t.realized_pnl, t.commission, t.commission_asset) for t in oracle.trades}
    assert ours == truth
    assert projected_totals(state.pnl_days()) == exchange_totals(
        report for row in oracle.income for report in incomes_from_rest([income_body(row)], row.symbol)
    )


def assert_rebuild_is_identical(bot: Bot) -> None:
    """I5: the stored projection tables equal, byte for byte, a rebuild from the event log, and the fold in memory."""
    bot.projector.catch_up()
    spare = InMemoryProjectionStore()
    Projector(bot.events, spare).rebuild()
    stored = bot.projections.dump()
    assert canonical(stored) == canonical(spare.dump())
    state = bot.projector.state
    # The bot holds the small tables whole and reads the large ones from the store by key (ADR 0069): all saved now
    assert all(state.tables[name] == {} for name in LARGE_TABLES)
    held = ProjectionState.from_rows((name, row) for name, rows in state.tables.items() for row in rows.values())
    in_memory = InMemoryProjectionStore()
    in_memory.replace_all(held, bot.projections.checkpoint())
    small = [name for name in stored if name not in LARGE_TABLES]
    assert canonical({name: stored[name] for name in small}) == canonical({n: in_memory.dump()[n] for n in small})
    assert state.trades() == bot.projections.load()[0].trades()


def assert_database_intact(bot: Bot) -> None:
    assert bot.connection.pragma("integrity_check") == "ok"
