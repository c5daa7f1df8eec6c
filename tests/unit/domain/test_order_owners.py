"""Whose client id a fill's order carries (ADR 0053): what is sought, from which source, in which precedence."""

from __future__ import annotations

from collections.abc import Iterable

from domain import order_owners
from domain.client_order_ids import client_order_id_for
from domain.events import OrderFacts
from domain.order_owners import Intent, Sought
from domain.projections.state import ProjectionState
from domain.reports import OrderOwner
from domain.values import OrderStatus
from tests.harness.builders import EventFactory, at, fold, order_facts, snapshot, trade_report

OLD = client_order_id_for("cmd-old")
NEW = client_order_id_for("cmd-new")
HIDDEN = client_order_id_for("cmd-hidden")


def sought(listed: Iterable[int] = (), stored: Iterable[int] = ()) -> Sought:
    return Sought(frozenset(listed), frozenset(stored))


def filled(order_id: int, client_order_id: str, conditional: bool = False) -> OrderFacts:
    return order_facts(order_id, client_order_id=client_order_id, status=OrderStatus.FILLED, conditional=conditional)


class TestSought:
    def test_a_listed_fill_without_client_id_is_sought_unless_the_state_or_the_pass_names_its_order(self) -> None:
        state = fold([EventFactory().order_placed(7, client_order_id=OLD)])
        trades = [
            trade_report(1, order_id=7),
            trade_report(2, order_id=8),
            trade_report(3, order_id=9),
            trade_report(4, order_id=10, client_order_id=NEW),
        ]

        wanted = order_owners.sought(trades, state, [filled(8, NEW)])

        assert wanted == sought(listed={9})

    def test_a_fill_stored_without_client_id_is_sought_apart_from_the_listed_ones(self) -> None:
        make = EventFactory()
        state = fold([make.trade(1, order_id=5, client_order_id=None), make.trade(2, order_id=6, client_order_id=None)])

        wanted = order_owners.sought([trade_report(2, order_id=6)], state, [])

        assert wanted == sought(listed={6}, stored={5})

    def test_nothing_is_sought_when_every_fill_names_its_order(self) -> None:
        assert not order_owners.sought([trade_report(1, client_order_id=NEW)], ProjectionState(), [])


class TestPrecedence:
    def test_the_newest_order_fact_in_the_log_wins(self) -> None:
        logged = [filled(9, NEW), filled(9, OLD)]  # newest first, as the log is read

        assert order_owners.found(sought(listed={9}), logged, [], []) == {9: NEW}

    def test_the_log_wins_over_an_intent_and_a_lookup_names_what_a_link_cannot(self) -> None:
        intents = [Intent(OLD, False, 9), Intent(HIDDEN, False, None), Intent(NEW, False, 10)]
        looked_up = [(intents[1], filled(11, HIDDEN))]

        found = order_owners.found(sought(listed={9, 11}, stored={10}), [filled(9, NEW)], intents, looked_up)

        assert found == {9: NEW, 10: NEW, 11: HIDDEN}

    def test_conditional_orders_and_orders_not_sought_are_never_named(self) -> None:
        intents = [Intent(OLD, True, 9)]

        found = order_owners.found(
            sought(listed={9}),
            [filled(9, NEW, conditional=True), filled(12, OLD)],
            intents,
            [(Intent(HIDDEN, False, None), filled(13, HIDDEN))],
        )

        assert found == {}

    def test_what_the_state_knows_wins_over_an_owner_in_the_final_answer(self) -> None:
        state = fold([EventFactory().order_placed(9, client_order_id=OLD)])
        exchange = snapshot(owners=[OrderOwner(9, NEW), OrderOwner(10, NEW)], orders=[filled(11, HIDDEN)])

        assert order_owners.client_ids(exchange, state) == {9: OLD, 10: NEW, 11: HIDDEN}


class TestLookups:
    intents = (
        Intent(OLD, False, 9),
        Intent(NEW, False, None),
        Intent(HIDDEN, True, None),
        Intent(client_order_id_for("cmd-x"), False, None),
    )

    def test_unplaced_regular_intents_are_looked_up_while_a_listed_fill_is_unnamed_up_to_the_limit(self) -> None:
        asked = order_owners.to_look_up(sought(listed={11}), [], self.intents, limit=1)

        assert asked == [Intent(NEW, False, None)]

    def test_a_fill_already_stored_costs_no_lookup(self) -> None:
        assert order_owners.to_look_up(sought(stored={11}), [], self.intents, limit=10) == []

    def test_no_lookup_once_the_log_names_every_listed_fill(self) -> None:
        wanted = sought(listed={11}, stored={12})

        assert order_owners.to_look_up(wanted, [filled(11, NEW)], self.intents, limit=10) == []
        assert order_owners.unnamed_by_log(wanted, [filled(11, NEW)]) == sought(stored={12})


def test_owners_carry_the_command_an_intent_names_and_the_listed_fills_their_client_id() -> None:
    found = {11: HIDDEN, 9: NEW}

    owners = order_owners.owners(found, {NEW: "cmd-new"})
    named = order_owners.named([trade_report(1, order_id=9), trade_report(2, order_id=5)], found)

    assert owners == (OrderOwner(9, NEW, "cmd-new"), OrderOwner(11, HIDDEN, None))
    assert [t.client_order_id for t in named] == [NEW, None]


class TestUnattributed:
    """ADR 0048 rule 4: the trade list proves an intent absent only if the log names every fill's order otherwise."""

    def test_fills_since_the_intent_of_orders_the_log_does_not_name_by_another_client_id(self) -> None:
        make = EventFactory()
        logged = [
            filled(7, OLD),
            filled(8, HIDDEN),
            filled(9, NEW, True),
            make.trade(1, order_id=10, client_order_id=OLD).payload,
        ]
        pairs = ((1, 7), (2, 8), (3, 9), (4, 10), (5, 11))
        trades = [trade_report(trade_id, order_id=order_id, executed_at=at(60)) for trade_id, order_id in pairs]
        before = trade_report(6, order_id=12, executed_at=at(0))

        unknown = order_owners.unattributed([*trades, before], at(30), logged, HIDDEN)

        assert unknown == [8, 9, 11]
