"""Scenario 9a of issue 11: a stopped or crashed bot reads as such on /health, /api/dashboard and the page.

The bot's own loop writes the health row (application level, over the simulator); the web reads that row as it
would from the shared database, on a clock that has moved on.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from domain.times import format_utc
from tests.unit.application_loop.bench import Rig, make_bench, rig
from tests.web.api.conftest import Api, logged_in

pytestmark = pytest.mark.anyio


async def bot_that_ran(api: Api) -> Rig:
    bot = rig(make_bench())
    assert bot.bench.clock.now() == api.clock.now()
    assert (await bot.boot_now()).ready
    await bot.loop.run_once()
    return bot


def share(api: Api, bot: Rig, later: timedelta) -> None:
    """The web reads the row the bot wrote last, `later` after the bot's clock."""
    api.container.adapters.health_store().write(bot.bench.health.read())
    api.clock.advance(bot.bench.clock.now() - api.clock.now() + later)


async def views(api: Api) -> tuple[dict | None, dict, str]:
    # Read by someone who logs in now: a login from before the clock moved hours on has ended by then
    reader = await logged_in(api.app, api.container)
    health = (await (await reader.get("/health")).get_json()).get("bot")
    dashboard = await (await reader.get("/api/dashboard")).get_json()
    page = await (await reader.get("/?panel=live")).get_data(as_text=True)
    return health, dashboard, page


def pill(page: str) -> str:
    found = re.search(r'<span id="engine-state"[^>]*>([^<]*)</span>', page)
    assert found is not None, page
    return found.group(1)


@pytest.mark.parametrize("later", [timedelta(seconds=1), timedelta(hours=3)], ids=["just-now", "hours-ago"])
async def test_a_bot_that_stopped_cleanly_reads_stopped_since_its_exit_and_why(api: Api, later: timedelta) -> None:
    bot = await bot_that_ran(api)
    bot.bench.clock.advance(2)
    bot.loop.shut_down()
    stopped_at = bot.bench.clock.now()
    share(api, bot, later)

    health, dashboard, page = await views(api)

    summary = f"stopped since {format_utc(stopped_at)}: stop requested"
    assert (health["state"], health["label"], health["running"]) == ("stopped", "STOPPED", False)
    assert (health["since"], health["why"], health["summary"]) == (format_utc(stopped_at), "stop requested", summary)
    assert dashboard["bot"] == {key: health[key] for key in ("state", "label", "running", "since", "why", "summary")}
    assert dashboard["engine_label"] == "STOPPED" and pill(page) == "STOPPED"
    assert f"Bot {summary}" in page


async def test_a_bot_whose_heartbeat_went_stale_reads_not_responding_since_it_with_its_last_error(api: Api) -> None:
    bot = await bot_that_ran(api)
    bot.orchestrator.error = ZeroDivisionError("sma of nothing")
    bot.bench.clock.advance(1)
    await bot.loop.run_once()
    last_beat = bot.bench.clock.now()
    share(api, bot, timedelta(seconds=30))  # and then the process died: nothing more is written

    health, dashboard, page = await views(api)

    why = "strategy: ZeroDivisionError: sma of nothing"
    assert (health["state"], health["label"], health["running"]) == ("stale", "NOT RESPONDING", False)
    assert (health["since"], health["why"]) == (format_utc(last_beat), why)
    assert health["summary"] == f"not responding since {format_utc(last_beat)} (its last heartbeat): last error: {why}"
    assert dashboard["bot"]["state"] == "stale" and dashboard["engine_label"] == "NOT RESPONDING"
    assert pill(page) == "NOT RESPONDING"


async def test_a_running_bot_shows_the_engine_state_and_no_bot_at_all_says_so(api: Api) -> None:
    no_health, before, page_before = await views(api)
    bot = await bot_that_ran(api)
    share(api, bot, timedelta(seconds=1))

    health, dashboard, page = await views(api)

    assert (no_health, before["engine_label"], before["bot"]["state"], pill(page_before)) == (
        None,
        "NO BOT",
        "no_bot",
        "NO BOT",
    )
    started = format_utc(bot.bench.health.read().started_at)
    assert (health["state"], health["running"], health["since"]) == ("ready", True, started)
    assert dashboard["engine_label"] == "RUNNING" and pill(page) == "RUNNING"
