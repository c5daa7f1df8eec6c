"""The bot under a fake systemd notify socket: READY after boot, a watchdog ping per completed cycle, then STOPPING.

A loop stalled inside a cycle stops the pings, which is what lets systemd's WatchdogSec restart it (ADR 0074).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import anyio
import pytest
from dependency_injector import providers

from application.boot import BootOutcome
from application.loop import serve
from domain.commands import USER_PRIORITY, CommandRecord, PauseEngine
from tests.harness.notify_socket import NotifySocket, notify_socket
from tests.unit.application_loop.bench import SCOPE, Bench, LoopTiming, Rig, UnreachableGateway, rig, seconds
from tests.unit.application_loop.fakes import RecordingExecutor, command

# linux: the notify socket is an AF_UNIX datagram socket
pytestmark = [pytest.mark.anyio, pytest.mark.linux]

# 20 ms: a ping at most every 10 ms, so a live loop pings many times while the test watches
WATCHDOG_USEC = "20000"
FAST = LoopTiming(idle_wait=seconds(0.01), command_poll=seconds(0.002))


@pytest.fixture
def systemd(monkeypatch: pytest.MonkeyPatch) -> Iterator[NotifySocket]:
    """The environment a Type=notify unit with WatchdogSec gives the bot, read when its container builds the loop."""
    with notify_socket() as listener:
        monkeypatch.setenv("NOTIFY_SOCKET", listener.name)
        monkeypatch.setenv("WATCHDOG_USEC", WATCHDOG_USEC)
        monkeypatch.delenv("WATCHDOG_PID", raising=False)
        yield listener


@dataclass
class StallingExecutor(RecordingExecutor):
    """Runs commands like the recording executor, except that a command of a stalled type never returns until
    released: the loop is stuck inside a cycle, as on an exchange call that never answers."""

    stalled: anyio.Event = field(default_factory=anyio.Event)
    release: anyio.Event = field(default_factory=anyio.Event)

    async def run(self, record: CommandRecord) -> CommandRecord:
        self.stalled.set()
        await self.release.wait()
        return await super().run(record)


async def serve_while(bot: Rig, watch: Callable[[], Awaitable[None]], stop: anyio.Event) -> BootOutcome:
    """Serve the bot (boot, then the loop) while `watch` runs; `watch` sets `stop` once it has seen enough."""
    with anyio.fail_after(20):
        async with anyio.create_task_group() as group:
            group.start_soon(watch)
            return await serve(bot.boot, bot.loop, stop)


def pings(messages: list[str]) -> int:
    return sum("WATCHDOG=1" in message.split("\n") for message in messages)


async def test_the_bot_says_ready_then_pings_and_a_stalled_loop_stops_the_pings(
    bench: Bench, systemd: NotifySocket
) -> None:
    bot = rig(bench, timing=FAST)
    executor = StallingExecutor(bench.commands, bench.clock.now)
    bot.bot.executor.override(providers.Object(executor))
    stop = anyio.Event()
    seen: dict[str, list[str]] = {}

    async def watch() -> None:
        seen["boot"] = await systemd.wait_for("READY=1")
        seen["alive"] = [m for _ in range(3) for m in await systemd.wait_for("WATCHDOG=1")]
        bench.commands.insert(
            command("web-1", PauseEngine(), bench.clock.now(), SCOPE, priority=USER_PRIORITY), bench.clock.now()
        )
        await executor.stalled.wait()
        systemd.received()  # a ping may have left in the cycle that claimed the command
        # Many watchdog half-intervals: a live loop would have pinged a dozen times
        await anyio.sleep(0.2)
        seen["stalled"] = systemd.received()
        executor.release.set()
        seen["released"] = await systemd.wait_for("WATCHDOG=1")
        stop.set()

    outcome = await serve_while(bot, watch, stop)

    assert outcome.ready
    assert seen["boot"][-1] == "READY=1\nSTATUS=ready: trading XRPUSDT (sim)"
    assert pings(seen["alive"]) == 3
    assert seen["stalled"] == []
    assert pings(seen["released"]) == 1 and executor.ran == ["web-1"]
    assert systemd.received()[-1] == "STOPPING=1\nSTATUS=stopping: stop requested"


async def test_a_bot_failed_closed_at_boot_still_says_ready_and_pings_with_the_reason(
    bench: Bench, systemd: NotifySocket
) -> None:
    bot = rig(bench, gateway=UnreachableGateway(bench.gateway), timing=FAST)
    stop = anyio.Event()
    seen: list[str] = []

    async def watch() -> None:
        seen.extend(await systemd.wait_for("READY=1"))
        seen.extend(await systemd.wait_for("WATCHDOG=1"))
        stop.set()

    outcome = await serve_while(bot, watch, stop)

    assert not outcome.ready
    ready = next(message for message in seen if message.startswith("READY=1"))
    assert ready.startswith("READY=1\nSTATUS=failed closed, no orders are sent: rest snapshot failed: ExchangeRejected")
    assert pings(seen) == 1


async def test_without_a_notify_socket_the_bot_tells_nobody_and_runs_as_before(
    bench: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    bot = rig(bench, timing=FAST)
    stop = anyio.Event()

    async def stop_after_cycles() -> None:
        while bench.health.read() is None or not bench.health.read().ready:
            await anyio.sleep(0.005)
        stop.set()

    outcome = await serve_while(bot, stop_after_cycles, stop)

    assert outcome.ready and bench.health.read().stop_reason == "stop requested"
