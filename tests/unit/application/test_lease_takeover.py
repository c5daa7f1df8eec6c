"""Boot takes over the lease of a bot whose process died on this host, and waits out any other holder's lease."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

import pytest

from adapters.memory.process_probe import InMemoryProcessProbe
from application.boot import DEFAULT_LEASE_TTL, Boot
from application.lease_takeover import DEFAULT_QUIET, Takeover
from ports.lease import Lease, LeaseHeld, holder_name
from tests.unit.application_loop.bench import Bench, make_bench, rig

TTL = DEFAULT_LEASE_TTL
HOST = "bot-host"
DEAD = holder_name(HOST, 101, "deadbeef")
OURS = holder_name(HOST, 202, "0a0b0c0d")
REFUSAL = "another bot is already running on this database: "


class Pauses:
    """The takeover's pause, on the bench's manual clock: records each wait and moves the clock by it."""

    def __init__(self, bench: Bench, *, moves_clock: bool = True) -> None:
        self.bench, self.moves_clock = bench, moves_clock
        self.waits: list[timedelta] = []
        # What happens elsewhere while this bot waits
        self.meanwhile: list[Callable[[], object]] = []

    def __call__(self, duration: timedelta) -> None:
        self.waits.append(duration)
        for act in self.meanwhile:
            act()
        if self.moves_clock:
            self.bench.clock.advance(duration)


@pytest.fixture
def bench() -> Bench:
    return make_bench()


@pytest.fixture
def probe() -> InMemoryProcessProbe:
    return InMemoryProcessProbe(HOST)


@pytest.fixture
def pauses(bench: Bench) -> Pauses:
    return Pauses(bench)


@pytest.fixture
def bench_pauses_still(bench: Bench) -> Pauses:
    return Pauses(bench, moves_clock=False)


def booting(bench: Bench, takeover: Takeover | None, holder: str = OURS) -> Boot:
    """The bench's bot, named `holder`, booting with `takeover` on the default lease ttl (TTL)."""
    return rig(bench, holder=holder, takeover=takeover).boot


def holder_now(bench: Bench) -> str | None:
    lease = bench.leases.current()
    return None if lease is None else lease.holder


def crashed(bench: Bench, holder: str = DEAD, quiet_for: timedelta = timedelta(seconds=3)) -> Lease:
    """`holder` took the lease, renewed it once, and has not renewed it for `quiet_for` (its ttl still runs)."""
    bench.leases.acquire(holder, TTL, bench.clock.now())
    bench.clock.advance(1)
    lease = bench.leases.heartbeat(holder, bench.clock.now())
    bench.clock.advance(quiet_for)
    return lease


class TestADeadHolderOnThisHost:
    def test_is_taken_over_at_once_when_its_lease_is_quiet_and_a_warning_says_whom_and_why(
        self,
        bench: Bench,
        probe: InMemoryProcessProbe,
        pauses: Pauses,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        dead = crashed(bench)
        caplog.set_level(logging.WARNING, logger="alphaengine.bot")

        booting(bench, Takeover(probe, pause=pauses)).take_lease()

        lease = bench.leases.current()
        assert lease is not None and lease.holder == OURS and lease.acquired_at == bench.clock.now()
        assert pauses.waits == [] and probe.asked == [(HOST, 101)]
        [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert warning.getMessage().startswith(f"took the lease over from {dead.describe()}")
        assert f"its process 101 on this host ({HOST}) is gone" in warning.getMessage()

    def test_is_taken_over_after_waiting_out_the_rest_of_the_quiet_period_when_it_renewed_just_before_dying(
        self,
        bench: Bench,
        probe: InMemoryProcessProbe,
        pauses: Pauses,
    ) -> None:
        dead = crashed(bench, quiet_for=timedelta(milliseconds=500))

        booting(bench, Takeover(probe, pause=pauses)).take_lease()

        assert pauses.waits == [DEFAULT_QUIET - timedelta(milliseconds=500)]
        assert bench.clock.now() == dead.renewed_at + DEFAULT_QUIET
        assert holder_now(bench) == OURS

    def test_that_renews_while_we_wait_keeps_its_lease(
        self,
        bench: Bench,
        probe: InMemoryProcessProbe,
        pauses: Pauses,
    ) -> None:
        crashed(bench, quiet_for=timedelta(milliseconds=500))
        # Alive after all, in a pid namespace this host's probe cannot see into
        pauses.meanwhile.append(lambda: bench.leases.heartbeat(DEAD, bench.clock.now()))

        with pytest.raises(LeaseHeld, match="its lease changed while this bot waited") as refused:
            booting(bench, Takeover(probe, pause=pauses)).take_lease()

        assert refused.value.lease.holder == DEAD
        assert holder_now(bench) == DEAD

    def test_is_not_taken_over_when_the_clock_has_not_moved_past_the_quiet_period(
        self,
        bench: Bench,
        probe: InMemoryProcessProbe,
        bench_pauses_still: Pauses,
    ) -> None:
        crashed(bench, quiet_for=timedelta(milliseconds=500))

        with pytest.raises(LeaseHeld, match="but it renewed its lease 0:00:00.500000 ago"):
            booting(bench, Takeover(probe, pause=bench_pauses_still)).take_lease()

        assert holder_now(bench) == DEAD

    def test_whose_last_heartbeat_lies_in_the_future_is_not_taken_over_nor_waited_for(
        self,
        bench: Bench,
        probe: InMemoryProcessProbe,
        pauses: Pauses,
    ) -> None:
        bench.leases.acquire(DEAD, TTL, bench.clock.now() + timedelta(minutes=5))

        with pytest.raises(LeaseHeld, match="is in the future"):
            booting(bench, Takeover(probe, pause=pauses)).take_lease()

        assert pauses.waits == []


class TestAHolderThatMayBeAlive:
    def test_whose_pid_runs_keeps_the_lease_and_the_refusal_says_so(
        self,
        bench: Bench,
        probe: InMemoryProcessProbe,
        pauses: Pauses,
    ) -> None:
        held = crashed(bench)
        probe.live.add((HOST, 101))

        with pytest.raises(LeaseHeld) as refused:
            booting(bench, Takeover(probe, pause=pauses)).take_lease()

        assert str(refused.value).startswith(f"{REFUSAL}{DEAD}")
        assert f"its process 101 on {HOST} is running" in str(refused.value)
        assert bench.leases.current() == held and pauses.waits == []

    def test_on_another_host_keeps_the_lease_as_this_host_cannot_tell(
        self,
        bench: Bench,
        probe: InMemoryProcessProbe,
        pauses: Pauses,
    ) -> None:
        elsewhere = holder_name("other-host", 101, "deadbeef")
        held = crashed(bench, holder=elsewhere)

        with pytest.raises(LeaseHeld, match="this host cannot tell whether process 101 on other-host runs"):
            booting(bench, Takeover(probe, pause=pauses)).take_lease()

        assert bench.leases.current() == held

    def test_with_our_own_pid_keeps_the_lease_without_asking_the_probe(
        self,
        bench: Bench,
        probe: InMemoryProcessProbe,
        pauses: Pauses,
    ) -> None:
        earlier_us = holder_name(HOST, 202, "99999999")
        held = crashed(bench, holder=earlier_us)

        with pytest.raises(LeaseHeld, match="it names this process's own pid 202"):
            booting(bench, Takeover(probe, pause=pauses)).take_lease()

        assert bench.leases.current() == held and probe.asked == []

    @pytest.mark.parametrize(("theirs", "ours"), [("test-host", OURS), (DEAD, "our own made-up name")])
    def test_whose_name_or_ours_is_not_host_and_pid_keeps_the_lease(
        self,
        bench: Bench,
        probe: InMemoryProcessProbe,
        pauses: Pauses,
        theirs: str,
        ours: str,
    ) -> None:
        held = crashed(bench, holder=theirs)

        with pytest.raises(LeaseHeld, match="holder name does not say which process holds it"):
            booting(bench, Takeover(probe, pause=pauses), holder=ours).take_lease()

        assert bench.leases.current() == held and probe.asked == []

    def test_is_always_waited_out_by_a_boot_without_a_takeover(self, bench: Bench) -> None:
        held = crashed(bench)

        with pytest.raises(LeaseHeld) as refused:
            booting(bench, None).take_lease()

        assert str(refused.value) == str(LeaseHeld(held))
        assert bench.leases.current() == held


def test_a_free_lease_is_acquired_without_asking_the_probe(
    bench: Bench,
    probe: InMemoryProcessProbe,
    pauses: Pauses,
) -> None:
    booting(bench, Takeover(probe, pause=pauses)).take_lease()

    assert holder_now(bench) == OURS
    assert probe.asked == [] and bench.health.read().phases[0].name == "lease"
