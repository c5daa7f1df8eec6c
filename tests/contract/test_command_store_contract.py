"""CommandStore contract: idempotent insert, decided klines, claim order, status life cycle, listing, order links."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.codec import to_record
from domain.commands import CancelAll, ClosePosition, CommandStatus, PauseEngine, UpdateConfig
from domain.decisions import DecisionBasis
from ports.command_store import CommandStore, OrderLink
from ports.errors import CommandNotFound, CommandTransitionError, IdempotencyConflict, StorageError
from tests.contract.samples import ALL_COMMAND_TYPES, BIG_ID, at, command, sample_command_payloads

NOW = at(100)


def claimed_ids(store: CommandStore) -> list[str]:
    ids = []
    while (record := store.claim_next(NOW)) is not None:
        ids.append(record.command.command_id)
    return ids


def link(n: int, *, command_id: str = "cmd-1", leg: str = "main", exchange_order_id: int | None = None) -> OrderLink:
    return OrderLink(command_id, leg, f"ae-{leg[0]}{n}", leg == "stop", exchange_order_id, at(n))


class TestInserting:
    def test_text_no_store_could_hold_is_refused_naming_the_field(self, command_store: CommandStore) -> None:
        with pytest.raises(ValueError, match=r"^command PauseEngine: payload\.reason must not contain"):
            command_store.insert(command(1, payload=PauseEngine("\ud800")), NOW)

        assert command_store.get("cmd-1") is None

    def test_inserting_a_command_stores_it_as_new(self, command_store: CommandStore) -> None:
        record, inserted = command_store.insert(command(1), NOW)

        assert inserted is True
        assert record.status is CommandStatus.NEW and record.updated_at == NOW
        assert record.result is None and record.error is None
        assert command_store.get("cmd-1") == record

    def test_inserting_the_same_idempotency_key_twice_returns_the_first_command(
        self,
        command_store: CommandStore,
    ) -> None:
        first, _ = command_store.insert(command(1, idempotency_key="once"), NOW)

        again, inserted = command_store.insert(command(2, idempotency_key="once"), at(200))

        assert inserted is False and again == first
        assert command_store.get("cmd-2") is None
        assert len(command_store.list()) == 1

    def test_reusing_a_command_id_under_another_idempotency_key_is_refused(self, command_store: CommandStore) -> None:
        command_store.insert(command(1, idempotency_key="a"), NOW)

        with pytest.raises(StorageError, match="cmd-1"):
            command_store.insert(command(1, idempotency_key="b"), NOW)

    def test_get_returns_none_for_an_unknown_command(self, command_store: CommandStore) -> None:
        assert command_store.get("nope") is None

    def test_the_samples_cover_every_command_type(self) -> None:
        assert {payload.TYPE for payload in sample_command_payloads()} == ALL_COMMAND_TYPES

    @pytest.mark.parametrize("payload", sample_command_payloads(), ids=lambda p: p.TYPE)
    def test_every_command_type_reads_back_exactly(self, command_store: CommandStore, payload) -> None:
        original = command(1, payload=payload)
        command_store.insert(original, NOW)

        stored = command_store.get("cmd-1")

        assert stored is not None and stored.command == original
        assert to_record(stored.command.payload) == to_record(payload)


BASIS = DecisionBasis("sma_cross", "XRPUSDT", "5m")


def kline(n: int) -> datetime:
    """The open time of the n-th 5m kline: whole milliseconds, as every kline opens."""
    return datetime(2026, 11, 21, 9, 30, tzinfo=UTC) + timedelta(minutes=5 * n)


class TestDecidedKlines:
    def test_a_basis_that_never_decided_has_no_decided_kline(self, command_store: CommandStore) -> None:
        assert command_store.decided_kline(BASIS) is None

    def test_recording_a_decision_stores_its_commands_as_new_and_marks_the_kline(
        self,
        command_store: CommandStore,
    ) -> None:
        records = command_store.record_decision(BASIS, kline(1), [command(1), command(2)], NOW)

        assert [record.status for record in records] == [CommandStatus.NEW, CommandStatus.NEW]
        assert [record.command.command_id for record in command_store.list()] == ["cmd-2", "cmd-1"]
        assert command_store.decided_kline(BASIS) == kline(1)

    def test_a_decision_of_nothing_still_marks_the_kline(self, command_store: CommandStore) -> None:
        assert command_store.record_decision(BASIS, kline(1), [], NOW) == []

        assert command_store.decided_kline(BASIS) == kline(1) and command_store.list() == []

    def test_the_decided_kline_never_moves_back_and_belongs_to_its_basis(self, command_store: CommandStore) -> None:
        command_store.record_decision(BASIS, kline(2), [], NOW)
        command_store.record_decision(BASIS, kline(1), [], NOW)

        assert command_store.decided_kline(BASIS) == kline(2)
        assert command_store.decided_kline(DecisionBasis("sma_cross", "XRPUSDT", "1h")) is None
        assert command_store.decided_kline(DecisionBasis("other", "XRPUSDT", "5m")) is None

    def test_a_key_already_naming_the_same_request_keeps_the_stored_command(
        self,
        command_store: CommandStore,
    ) -> None:
        close = ClosePosition()
        [first] = command_store.record_decision(BASIS, kline(1), [command(1, idempotency_key="k", payload=close)], NOW)

        [again] = command_store.record_decision(
            BASIS, kline(1), [command(2, idempotency_key="k", payload=close)], at(200)
        )

        assert again == first and command_store.get("cmd-2") is None

    def test_a_key_naming_another_request_is_refused_and_nothing_of_the_decision_is_stored(
        self,
        command_store: CommandStore,
    ) -> None:
        command_store.insert(command(1, idempotency_key="k", payload=ClosePosition()), NOW)
        batch = [command(2, payload=CancelAll()), command(3, idempotency_key="k", payload=CancelAll())]

        with pytest.raises(IdempotencyConflict, match="'k' already names command 'cmd-1' \\(ClosePosition\\)"):
            command_store.record_decision(BASIS, kline(1), batch, NOW)

        assert [record.command.command_id for record in command_store.list()] == ["cmd-1"]
        assert command_store.decided_kline(BASIS) is None
        assert command_store.insert(command(2), NOW)[1] is True


class TestClaiming:
    def test_claim_takes_the_lowest_priority_value_first_then_the_oldest(self, command_store: CommandStore) -> None:
        command_store.insert(command(1, priority=100, created_at=at(1)), NOW)
        command_store.insert(command(2, priority=50, created_at=at(3)), NOW)
        command_store.insert(command(3, priority=100, created_at=at(0)), NOW)
        command_store.insert(command(4, priority=50, created_at=at(2)), NOW)

        assert claimed_ids(command_store) == ["cmd-4", "cmd-2", "cmd-3", "cmd-1"]

    def test_claim_breaks_ties_of_priority_and_age_by_insertion_order(self, command_store: CommandStore) -> None:
        for n in (3, 1, 2):
            command_store.insert(command(n, created_at=at(0)), NOW)

        assert claimed_ids(command_store) == ["cmd-3", "cmd-1", "cmd-2"]

    def test_claim_returns_none_when_no_command_is_new(self, command_store: CommandStore) -> None:
        assert command_store.claim_next(NOW) is None

        command_store.insert(command(1), NOW)
        command_store.claim_next(NOW)

        assert command_store.claim_next(NOW) is None

    def test_claiming_moves_the_command_to_sent(self, command_store: CommandStore) -> None:
        command_store.insert(command(1), NOW)

        claimed = command_store.claim_next(at(101))

        assert claimed is not None and claimed.status is CommandStatus.SENT and claimed.updated_at == at(101)
        assert command_store.get("cmd-1") == claimed


class TestLifeCycle:
    @pytest.fixture
    def sent(self, command_store: CommandStore) -> CommandStore:
        command_store.insert(command(1), NOW)
        command_store.claim_next(NOW)
        return command_store

    def test_a_sent_command_is_acked_with_its_result(self, sent: CommandStore) -> None:
        acked = sent.mark_acked("cmd-1", {"order_id": BIG_ID, "price": "64000.10"}, at(101))

        assert acked.status is CommandStatus.ACK and acked.updated_at == at(101)
        assert acked.result == {"order_id": BIG_ID, "price": "64000.10"}
        assert sent.get("cmd-1") == acked

    def test_acking_again_is_a_no_op_that_keeps_the_first_result(self, sent: CommandStore) -> None:
        first = sent.mark_acked("cmd-1", {"n": 1}, at(101))

        again = sent.mark_acked("cmd-1", {"n": 2}, at(102))

        assert again == first and sent.get("cmd-1") == first

    @pytest.mark.parametrize("claim", [False, True], ids=["from-new", "from-sent"])
    def test_failing_a_new_or_sent_command_records_the_error(self, command_store: CommandStore, claim: bool) -> None:
        command_store.insert(command(1), NOW)
        if claim:
            command_store.claim_next(NOW)

        failed = command_store.mark_failed("cmd-1", "rejected: -2019", at(101))

        assert failed.status is CommandStatus.FAILED and failed.error == "rejected: -2019"
        assert command_store.get("cmd-1") == failed

    def test_failing_again_is_a_no_op(self, sent: CommandStore) -> None:
        first = sent.mark_failed("cmd-1", "first", at(101))

        assert sent.mark_failed("cmd-1", "second", at(102)) == first

    def test_acking_a_command_that_was_never_sent_raises(self, command_store: CommandStore) -> None:
        command_store.insert(command(1), NOW)

        with pytest.raises(CommandTransitionError) as raised:
            command_store.mark_acked("cmd-1", {}, NOW)

        assert (raised.value.current, raised.value.wanted) == ("NEW", "ACK")
        assert command_store.get("cmd-1").status is CommandStatus.NEW

    def test_a_final_status_cannot_become_the_other_final_status(self, sent: CommandStore) -> None:
        sent.mark_acked("cmd-1", {"ok": True}, at(101))
        with pytest.raises(CommandTransitionError):
            sent.mark_failed("cmd-1", "too late", at(102))

        sent.insert(command(2), NOW)
        sent.mark_failed("cmd-2", "gave up", at(101))
        with pytest.raises(CommandTransitionError):
            sent.mark_acked("cmd-2", {}, at(102))

        assert sent.get("cmd-1").status is CommandStatus.ACK and sent.get("cmd-2").status is CommandStatus.FAILED

    def test_an_expiry_reads_back_and_a_command_without_one_never_expires(self, command_store: CommandStore) -> None:
        command_store.insert(command(1, expires_at=at(400)), NOW)
        command_store.insert(command(2), NOW)

        assert command_store.get("cmd-1").command.expires_at == at(400)
        assert command_store.get("cmd-2").command.expires_at is None

    @pytest.mark.parametrize("claim", [False, True], ids=["from-new", "from-sent"])
    def test_a_new_or_sent_command_may_expire_with_why_and_expiring_again_is_a_no_op(
        self,
        command_store: CommandStore,
        claim: bool,
    ) -> None:
        command_store.insert(command(1, expires_at=at(50)), NOW)
        if claim:
            command_store.claim_next(NOW)

        expired = command_store.mark_expired("cmd-1", "expired 50 s before it was claimed", at(101))

        assert expired.status is CommandStatus.EXPIRED and expired.error == "expired 50 s before it was claimed"
        assert expired.status.is_final and command_store.get("cmd-1") == expired
        assert command_store.mark_expired("cmd-1", "again", at(102)) == expired
        assert command_store.list(CommandStatus.EXPIRED) == [expired]
        assert command_store.claim_next(at(103)) is None

    def test_an_expired_command_can_be_neither_acked_nor_failed_and_a_final_one_cannot_expire(
        self,
        sent: CommandStore,
    ) -> None:
        sent.mark_expired("cmd-1", "late", at(101))
        with pytest.raises(CommandTransitionError):
            sent.mark_acked("cmd-1", {}, at(102))
        with pytest.raises(CommandTransitionError):
            sent.mark_failed("cmd-1", "x", at(102))

        sent.insert(command(2), NOW)
        sent.claim_next(NOW)
        sent.mark_acked("cmd-2", {}, at(101))
        with pytest.raises(CommandTransitionError):
            sent.mark_expired("cmd-2", "late", at(102))

    def test_claimed_late_means_claimed_at_or_after_the_expiry(self, command_store: CommandStore) -> None:
        command_store.insert(command(1, created_at=at(1), expires_at=at(101)), NOW)
        command_store.insert(command(2, created_at=at(2), expires_at=at(100)), NOW)
        command_store.insert(command(3, created_at=at(3)), NOW)

        claimed = [command_store.claim_next(at(100)) for _ in range(3)]

        assert [record.claimed_late for record in claimed] == [False, True, False]

    def test_transitions_of_an_unknown_command_raise_command_not_found(self, command_store: CommandStore) -> None:
        with pytest.raises(CommandNotFound):
            command_store.mark_acked("ghost", {}, NOW)
        with pytest.raises(CommandNotFound):
            command_store.mark_failed("ghost", "x", NOW)
        with pytest.raises(CommandNotFound):
            command_store.mark_expired("ghost", "x", NOW)

    def test_the_result_handed_out_is_a_copy(self, sent: CommandStore) -> None:
        acked = sent.mark_acked("cmd-1", {"fills": [1, 2]}, at(101))

        acked.result["fills"].append(3)
        sent.get("cmd-1").result["fills"].append(4)

        assert sent.get("cmd-1").result == {"fills": [1, 2]}

    def test_a_result_that_is_not_json_ready_is_refused(self, sent: CommandStore) -> None:
        with pytest.raises(ValueError, match="JSON"):
            sent.mark_acked("cmd-1", {"bad": {1, 2}}, at(101))

        assert sent.get("cmd-1").status is CommandStatus.SENT


class TestListing:
    @pytest.fixture
    def five(self, command_store: CommandStore) -> CommandStore:
        for n in range(1, 6):
            command_store.insert(command(n, created_at=at(n)), NOW)
        command_store.mark_failed("cmd-2", "x", NOW)
        command_store.mark_failed("cmd-4", "y", NOW)
        return command_store

    def test_list_returns_newest_first(self, five: CommandStore) -> None:
        assert [r.command.command_id for r in five.list()] == ["cmd-5", "cmd-4", "cmd-3", "cmd-2", "cmd-1"]

    def test_list_filters_by_status(self, five: CommandStore) -> None:
        assert [r.command.command_id for r in five.list(CommandStatus.FAILED)] == ["cmd-4", "cmd-2"]
        assert [r.command.command_id for r in five.list(CommandStatus.NEW)] == ["cmd-5", "cmd-3", "cmd-1"]
        assert five.list(CommandStatus.ACK) == []

    def test_list_pages_with_limit_and_offset(self, five: CommandStore) -> None:
        pages = [[r.command.command_id for r in five.list(limit=2, offset=o)] for o in (0, 2, 4)]

        assert pages == [["cmd-5", "cmd-4"], ["cmd-3", "cmd-2"], ["cmd-1"]]

    def test_list_refuses_negative_paging(self, five: CommandStore) -> None:
        with pytest.raises(ValueError):
            five.list(limit=-1)
        with pytest.raises(ValueError):
            five.list(offset=-1)


class TestOrderLinks:
    @pytest.fixture
    def store(self, command_store: CommandStore) -> CommandStore:
        command_store.insert(command(1), NOW)
        command_store.insert(command(2, payload=UpdateConfig(key="k", value_json="1")), NOW)
        return command_store

    def test_link_order_records_the_intent(self, store: CommandStore) -> None:
        stored = store.link_order(link(1))

        assert stored == link(1)
        assert store.order_link("ae-m1") == link(1)

    def test_link_order_is_idempotent_on_the_client_order_id(self, store: CommandStore) -> None:
        first = store.link_order(link(1))

        again = store.link_order(replace(link(1), created_at=at(50)))

        assert again == first and store.order_links("cmd-1") == [first]

    def test_linking_an_unknown_command_raises_command_not_found(self, store: CommandStore) -> None:
        with pytest.raises(CommandNotFound):
            store.link_order(link(1, command_id="ghost"))

    def test_a_second_client_order_id_for_the_same_leg_is_refused(self, store: CommandStore) -> None:
        store.link_order(link(1))

        with pytest.raises(StorageError, match="leg"):
            store.link_order(link(2))

        assert store.order_link("ae-m2") is None

    def test_order_links_come_back_in_recording_order(self, store: CommandStore) -> None:
        for item in (link(5, leg="main"), link(1, leg="stop"), link(3, leg="tp"), link(2, command_id="cmd-2")):
            store.link_order(item)

        assert [x.client_order_id for x in store.order_links("cmd-1")] == ["ae-m5", "ae-s1", "ae-t3"]
        assert store.order_links("cmd-9") == []

    def test_set_exchange_order_id_attaches_the_id_and_repeating_it_is_a_no_op(self, store: CommandStore) -> None:
        store.link_order(link(1))

        attached = store.set_exchange_order_id("ae-m1", BIG_ID)
        repeated = store.set_exchange_order_id("ae-m1", BIG_ID)

        assert attached == repeated == link(1, exchange_order_id=BIG_ID)
        assert store.order_link("ae-m1").exchange_order_id == 8389766058155948588

    def test_a_different_exchange_order_id_raises_storage_error(self, store: CommandStore) -> None:
        store.link_order(link(1, exchange_order_id=BIG_ID))

        with pytest.raises(StorageError, match=str(BIG_ID)):
            store.set_exchange_order_id("ae-m1", BIG_ID - 1)

        assert store.order_link("ae-m1").exchange_order_id == BIG_ID

    def test_setting_the_exchange_id_of_an_unknown_link_raises_storage_error(self, store: CommandStore) -> None:
        with pytest.raises(StorageError, match="ae-zz"):
            store.set_exchange_order_id("ae-zz", 1)

    def test_an_unplaced_intent_is_unlinked_and_can_be_linked_again(self, store: CommandStore) -> None:
        store.link_order(link(1))

        store.unlink_order("ae-m1")
        store.unlink_order("ae-m1")

        assert store.order_link("ae-m1") is None and store.order_links("cmd-1") == []
        assert store.link_order(link(1)) == link(1)

    def test_a_placed_intent_cannot_be_unlinked(self, store: CommandStore) -> None:
        store.link_order(link(1, exchange_order_id=BIG_ID))

        with pytest.raises(StorageError, match="cannot be unlinked"):
            store.unlink_order("ae-m1")

        assert store.order_link("ae-m1") == link(1, exchange_order_id=BIG_ID)

    def test_an_unknown_client_order_id_has_no_link(self, store: CommandStore) -> None:
        assert store.order_link("external-123") is None
