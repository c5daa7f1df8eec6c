"""Alerts (ADR 0078): each kind reaches a webhook on loopback through apprise, once per incident, from the facts the
bot records; a receiver that hangs or refuses never holds the loop up."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from dependency_injector import providers

from adapters.alerts.apprise_notifier import AppriseNotifier
from application.alert_watch import AlertPolicy
from application.health_board import FAILED_CLOSED
from domain.alerts import TITLES, AlertKind
from domain.client_order_ids import client_order_id_for
from domain.events import (
    AlertCleared,
    AlertRaised,
    DriftDetected,
    EventPayload,
    MarginCalled,
    RateLimitChanged,
    RateLimitState,
    RiskGuardRejected,
)
from domain.order_request import OrderRequest
from domain.risk import DAILY_LOSS_LIMIT, MAX_RISK_PER_TRADE
from domain.values import OrderType, Side, Source
from ports.notifier import LoggedOnly
from tests.harness.alert_receiver import Receiver, alert_receiver, closed_port
from tests.harness.builders import order_placed
from tests.unit.application_loop.bench import HOLDER, SYMBOL, Bench, Rig, UnreachableGateway, make_bench, market, rig

pytestmark = pytest.mark.anyio

# No grace for a position without its stop: the test's clock moves in whole seconds
POLICY = AlertPolicy(unprotected_after=timedelta(0))
CLOSE_S = 30.0


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with alert_receiver() as answering:
        yield answering


def alerting(bench: Bench, url: str, policy: AlertPolicy = POLICY, capacity: int = 64, **options: object) -> Rig:
    """A rig whose alerts go through apprise to `url`, at most `capacity` waiting."""
    bot = rig(bench, **options)  # type: ignore[arg-type]
    bot.bot.notifier.override(providers.Object(AppriseNotifier([url], capacity=capacity)))
    bot.bot.alert_policy.override(providers.Object(policy))
    return bot


async def ready(bench: Bench, url: str, **options: object) -> Rig:
    bot = alerting(bench, url, **options)
    bot.boot.take_lease()
    bot.loop.booting()
    assert (await bot.boot_now()).ready
    return bot


async def cycle(bot: Rig, seconds: float = 1) -> None:
    """One loop cycle after `seconds`: the heartbeat, and with it the alert watch, runs at most once a second."""
    bot.bench.clock.advance(seconds)
    await bot.loop.run_once()


def record(bot: Rig, *payloads: EventPayload) -> None:
    """Facts as the bot's own steps append them."""
    bot.bot.writer().append(list(payloads), Source.BOT)


def delivered(bot: Rig, receiver: Receiver, kind: AlertKind) -> list[str]:
    """The titles of `kind` that reached the receiver, once the notifier has sent everything queued."""
    assert bot.bot.notifier().close(CLOSE_S)
    return [title for title in receiver.titles() if TITLES[kind] in title]


def title(kind: AlertKind, subject: str = "") -> str:
    return f"AlphaEngine: {TITLES[kind]}" + (f" ({subject})" if subject else "")


def refused(rule: str) -> RiskGuardRejected:
    return RiskGuardRejected(rule, f"{rule} exceeded", Decimal("25"), Decimal("20"), Decimal("1000"), "cmd-1")


def stop_for_long(command: str = "s1") -> OrderRequest:
    return OrderRequest(
        SYMBOL,
        client_order_id_for(command),
        Side.SELL,
        OrderType.STOP_MARKET,
        Decimal("20"),
        trigger_price=Decimal("0.4000"),
        reduce_only=True,
    )


class TestOncePerIncident:
    async def test_drift_is_alerted_once_until_a_later_pass_finds_none_then_again(self, receiver: Receiver) -> None:
        bot = await ready(make_bench(), receiver.url)
        drift = DriftDetected("position", SYMBOL, "quantity", "0", "20")

        record(bot, drift)
        await cycle(bot)
        record(bot, drift)  # the same pass's second finding: the same incident
        await cycle(bot)
        await cycle(bot, 30)  # a reconcile pass that finds nothing ends it
        record(bot, drift)
        await cycle(bot)

        assert delivered(bot, receiver, AlertKind.DRIFT) == [title(AlertKind.DRIFT)] * 2

    async def test_a_risk_guard_refusal_is_alerted_once_until_the_bot_places_an_order_again(
        self, receiver: Receiver
    ) -> None:
        bot = await ready(make_bench(), receiver.url)

        for _ in range(3):
            record(bot, refused(MAX_RISK_PER_TRADE))
            await cycle(bot)
        record(bot, order_placed(7))
        await cycle(bot)
        record(bot, refused(MAX_RISK_PER_TRADE))
        await cycle(bot)

        assert delivered(bot, receiver, AlertKind.RISK_GUARD) == [title(AlertKind.RISK_GUARD, MAX_RISK_PER_TRADE)] * 2

    async def test_the_daily_loss_limit_is_alerted_once_a_day(self, receiver: Receiver) -> None:
        bot = await ready(make_bench(), receiver.url)
        today = bot.bench.clock.now().date()

        record(bot, refused(DAILY_LOSS_LIMIT))
        await cycle(bot)
        record(bot, refused(DAILY_LOSS_LIMIT))
        await cycle(bot, 60)
        await cycle(bot, 24 * 3600)
        record(bot, refused(DAILY_LOSS_LIMIT))
        await cycle(bot)

        tomorrow = today + timedelta(days=1)
        assert delivered(bot, receiver, AlertKind.DAILY_LOSS) == [
            title(AlertKind.DAILY_LOSS, today.isoformat()),
            title(AlertKind.DAILY_LOSS, tomorrow.isoformat()),
        ]

    async def test_a_rate_limit_ban_is_alerted_once_until_it_ends(self, receiver: Receiver) -> None:
        state = [RateLimitState.NORMAL]
        bot = await ready(make_bench(), receiver.url, rate_limits=lambda: (2400, state[0]))

        def banned() -> RateLimitChanged:
            until = bot.bench.clock.now() + timedelta(minutes=2)
            return RateLimitChanged(RateLimitState.BANNED, RateLimitState.LIMITED, 2400, None, None, until, "HTTP 418")

        state[0] = RateLimitState.BANNED
        record(bot, banned())
        await cycle(bot)
        await cycle(bot)
        state[0] = RateLimitState.NORMAL
        await cycle(bot)
        state[0] = RateLimitState.BANNED
        record(bot, banned())
        await cycle(bot)

        assert delivered(bot, receiver, AlertKind.RATE_LIMIT_BAN) == [title(AlertKind.RATE_LIMIT_BAN)] * 2

    async def test_a_margin_call_from_the_exchange_is_alerted_once_until_it_goes_quiet(
        self, receiver: Receiver
    ) -> None:
        bench = make_bench(usdt=Decimal("100"))
        bot = await ready(bench, receiver.url)
        await bench.gateway.place_order(market(Side.BUY, "3000"))
        bench.engine.on_price(SYMBOL, Decimal("0.4702"))
        await bot.forward_stream()
        await cycle(bot)
        [called] = [event.payload for event in bench.stored(MarginCalled.TYPE)]

        def called_again() -> MarginCalled:
            assert isinstance(called, MarginCalled)
            return replace(called, called_at=bench.clock.now())

        record(bot, called_again())  # the exchange calls again while it lasts: the same incident
        await cycle(bot)
        await cycle(bot, POLICY.margin_call_quiet.total_seconds())
        record(bot, called_again())
        await cycle(bot)

        subject = f"{SYMBOL} BOTH"
        assert delivered(bot, receiver, AlertKind.MARGIN_CALL) == [title(AlertKind.MARGIN_CALL, subject)] * 2

    async def test_a_position_without_its_stop_is_alerted_once_until_a_stop_protects_it(
        self, receiver: Receiver
    ) -> None:
        bench = make_bench()
        bot = await ready(bench, receiver.url)
        reconciled = 30  # each pass reads the exchange's position and open orders

        await bench.gateway.place_order(market(Side.BUY, "20"))
        await cycle(bot, reconciled)
        await cycle(bot, reconciled)
        stop = await bench.gateway.place_order(stop_for_long())
        await cycle(bot, reconciled)
        await bench.gateway.cancel_order(SYMBOL, stop.client_order_id, True)
        await cycle(bot, reconciled)

        assert (
            delivered(bot, receiver, AlertKind.UNPROTECTED_POSITION)
            == [title(AlertKind.UNPROTECTED_POSITION, SYMBOL)] * 2
        )

    async def test_failing_closed_is_alerted_once_until_ready_and_again_after(self, receiver: Receiver) -> None:
        bench = make_bench()
        gateway = UnreachableGateway(bench.gateway)
        bot = alerting(bench, receiver.url, gateway=gateway)
        bot.boot.take_lease()
        bot.loop.booting()
        assert not (await bot.boot_now()).ready

        await cycle(bot)
        await cycle(bot)
        gateway.down = False
        await cycle(bot, 3)  # the first reconcile that succeeds makes the bot ready
        await cycle(bot)
        assert bot.board.current.ready
        bot.board.publish(boot_phase=FAILED_CLOSED, ready=False, fail_closed_reason="projections stopped: test")
        await cycle(bot)

        assert delivered(bot, receiver, AlertKind.FAIL_CLOSED) == [title(AlertKind.FAIL_CLOSED)] * 2


class TestRestarts:
    async def test_the_third_boot_within_ten_minutes_is_a_crash_loop_alerted_once(self, receiver: Receiver) -> None:
        bench = make_bench()
        bots = [alerting(bench, receiver.url) for _ in range(5)]

        async def boot(bot: Rig) -> None:
            # As serve() does: the lease, then the loop's first look records the boot
            bot.boot.take_lease()
            bot.loop.booting()
            await cycle(bot)

        for bot in bots[:4]:
            await boot(bot)
            bench.leases.release(HOLDER)
            bench.clock.advance(60)
        bots[3].boot.take_lease()
        await cycle(bots[3], POLICY.crash_window.total_seconds())  # up for the whole window: the loop is over
        bench.leases.release(HOLDER)
        await boot(bots[4])

        assert all(bot.bot.notifier().close(CLOSE_S) for bot in bots)
        assert receiver.titles() == [title(AlertKind.CRASH_LOOP)]
        assert [e.payload.kind for e in bench.stored(AlertCleared.TYPE)] == [AlertKind.CRASH_LOOP.value]

    async def test_a_restart_into_the_same_failure_does_not_alert_it_again(self, receiver: Receiver) -> None:
        bench = make_bench()
        bots = [alerting(bench, receiver.url, gateway=UnreachableGateway(bench.gateway)) for _ in range(2)]
        for bot in bots:
            bot.boot.take_lease()
            bot.loop.booting()
            assert not (await bot.boot_now()).ready
            await cycle(bot)
            bench.leases.release(bot.board.current.holder)

        assert all(bot.bot.notifier().close(CLOSE_S) for bot in bots)
        assert receiver.titles() == [title(AlertKind.FAIL_CLOSED)]
        assert len(bench.stored(AlertRaised.TYPE)) == 1


class TestNeverBlocks:
    async def test_a_hanging_receiver_does_not_hold_the_loop_and_a_full_queue_drops_with_one_line(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        with alert_receiver(answering=False) as hanging:
            # apprise waits on the receiver far longer than the test runs: the first alert holds the sender throughout
            patient = f"{hanging.url}?cto=60&rto=60"
            bot = await ready(make_bench(), patient, capacity=2)

            record(bot, refused("rule-0"))
            await cycle(bot)
            # The sender now waits on the receiver; two more fill the queue, the rest are dropped
            assert hanging.wait_for_arrivals(1)
            cycles = 1
            with caplog.at_level(logging.WARNING, logger="alphaengine.alerts"):
                for rule in range(1, 20):
                    record(bot, refused(f"rule-{rule}"))
                    await cycle(bot)
                    cycles += 1

            assert not hanging.answering.is_set() and hanging.arrived == 1
            assert cycles == 20 and bot.board.current.last_loop_at == bot.bench.clock.now()
            assert sum("alert queue full" in message for message in caplog.messages) == 1

    async def test_a_refusing_receiver_costs_undelivered_alerts_not_cycles(self) -> None:
        bot = await ready(make_bench(), f"json://127.0.0.1:{closed_port()}/alerts")

        for rule in range(3):
            record(bot, refused(f"rule-{rule}"))
            await cycle(bot)

        assert bot.board.current.last_loop_at == bot.bench.clock.now()
        assert bot.bot.notifier().close(CLOSE_S) is False
        assert len(bot.bench.stored(AlertRaised.TYPE)) == 3


class TestBounds:
    async def test_alerts_beyond_the_rate_bound_are_recorded_not_sent(self, receiver: Receiver) -> None:
        bench = make_bench()
        bot = alerting(bench, receiver.url, policy=AlertPolicy(max_alerts=2))
        bot.loop.booting()
        assert (await bot.boot_now()).ready

        for rule in range(4):
            record(bot, refused(f"rule-{rule}"))
            await cycle(bot)

        assert len(delivered(bot, receiver, AlertKind.RISK_GUARD)) == 2
        assert [e.payload.sent for e in bench.stored(AlertRaised.TYPE)] == [True, True, False, False]

    async def test_without_urls_an_alert_is_logged_only(self, caplog: pytest.LogCaptureFixture) -> None:
        bench = make_bench()
        bot = rig(bench)
        assert isinstance(bot.bot.notifier(), LoggedOnly)
        bot.loop.booting()
        assert (await bot.boot_now()).ready

        with caplog.at_level(logging.WARNING, logger="alphaengine.alerts"):
            record(bot, DriftDetected("position", SYMBOL, "quantity", "0", "20"))
            await cycle(bot)

        assert any(message.startswith(f"ALERT {title(AlertKind.DRIFT)}") for message in caplog.messages)


def test_every_kind_says_what_to_do() -> None:
    from domain.alerts import ACTIONS

    assert set(ACTIONS) == set(TITLES) == set(AlertKind)
    assert all(len(action) > 20 for action in ACTIONS.values())
