"""The CLI beside a running bot: a second bot on the database refuses to start; `pnl --check` agrees with the venue."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import anyio
import pytest

from application.loop import serve
from domain.events import FeeCharged, new_event
from domain.values import Source
from ports.lease import LeaseHeld
from tests.e2e.support import RunningSim, build_bot, oracle_pnl, running_bot, running_sim

pytestmark = pytest.mark.anyio

REPO = Path(__file__).resolve().parents[2]
FIVE_SECONDS = timedelta(seconds=5)
REFUSAL = "another bot is already running on this database: "


async def alphaengine(tmp_path: Path, sim: RunningSim, *args: str) -> tuple[int, str, str]:
    """Run `alphaengine --db <the bot's database> ARGS…` as a user would, in sim mode against this simulator."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ALPHAENGINE_")}
    env.update(
        ALPHAENGINE_SECRETS=str(tmp_path / "secrets.yaml"),
        ALPHAENGINE_REST_URL=str(sim.client.base_url),
        ALPHAENGINE_WS_URL=str(sim.client.base_url).replace("http", "ws", 1),
        PYTHONUNBUFFERED="1",
    )
    database = tmp_path / "data" / "alphaengine.sqlite3"
    with anyio.fail_after(60):
        done = await anyio.run_process(
            [sys.executable, "-m", "entrypoints.cli", "--db", str(database), *args], cwd=REPO, env=env, check=False
        )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


async def test_a_second_bot_on_the_same_database_refuses_to_start_naming_the_first(tmp_path: Path) -> None:
    # On the wall clock: the bot started below reads the lease's expiry with the system clock
    async with running_sim(datetime.now(UTC)) as sim, running_bot(tmp_path, sim) as bot:
        holder = bot.container.board().current.holder
        second, second_adapters = build_bot(tmp_path, sim)
        try:
            with pytest.raises(LeaseHeld) as refused:
                await serve(second.boot(), second.loop(), anyio.Event())
        finally:
            second_adapters.shutdown_resources()
        code, _, stderr = await alphaengine(tmp_path, sim, "bot")
        await bot.step()

        assert str(refused.value).startswith(REFUSAL) and holder in str(refused.value)
        assert code == 1
        assert stderr.splitlines()[-1].startswith(f"alphaengine: error: {REFUSAL}{holder}")
        assert "Traceback" not in stderr
        assert bot.container.board().current.ready, "the first bot keeps running"


async def test_pnl_check_after_a_session_equals_the_exchange_and_exits_1_on_a_difference(tmp_path: Path) -> None:
    async with running_sim() as sim, running_bot(tmp_path, sim) as bot:
        await bot.start_trading()
        await bot.step(180, by=FIVE_SECONDS)
        await sim.control("POST", "funding")
        await bot.settle()
        expected = oracle_pnl(await sim.oracle())
        code, stdout, _ = await alphaengine(tmp_path, sim, "pnl", "--check")
        stray_fee(bot.adapters, bot.container.scope(), bot.adapters.clock().now())
        code_after, stdout_after, _ = await alphaengine(tmp_path, sim, "pnl", "--check")

    assert expected.fees > 0 and expected.realized_pnl != 0 and expected.funding != 0
    assert code == 0, stdout
    [fees] = [line.split()[1:] for line in stdout.splitlines() if line.startswith("fees")]
    assert [Decimal(value) for value in fees] == [expected.fees, expected.fees, 0]
    assert stdout.splitlines()[-1] == "equal"
    assert code_after == 1
    assert stdout_after.splitlines()[-1].startswith("DIFFERENT")


def stray_fee(adapters: object, scope: object, now: datetime) -> None:
    """A commission the exchange never charged: what a bug in the fee fold would look like."""
    payload = FeeCharged(trade_id=999_999_999, asset="USDT", amount=Decimal("0.01"), charged_at=now)
    event = new_event(payload, event_id="stray-fee", ts=now, scope=scope, source=Source.BOT)  # type: ignore[arg-type]
    adapters.event_store().append([event])  # type: ignore[attr-defined]
