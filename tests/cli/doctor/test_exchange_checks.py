"""The exchange through the Binance gateway against the simulator's wire app: reachability, clock skew, the API
key's permissions and canTrade (ADR 0076)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from adapters.binance.rest import BinanceGateway, RestOptions
from adapters.simulator.server.app import WireFace, create_sim_app
from entrypoints.doctor.exchange import clock_skew, futures_trading, key_permissions, reachability
from entrypoints.doctor.verdict import Finding, Verdict, guarded, guarded_async
from ports.clock import Clock
from tests.binance.rest.support import BASE_URL
from tests.binance.rest.test_server_time import ShiftedClock
from tests.cli.conftest import free_port
from tests.simulator.server.support import KEY, SECRET, manual_simulation

pytestmark = pytest.mark.anyio
LIMIT_S = 5.0


class Exchange:
    """The simulator's wire app in the process, and gateways to it the way `doctor` builds one."""

    def __init__(self) -> None:
        self.simulation = manual_simulation()
        self.app = create_sim_app(self.simulation, {KEY: SECRET})
        self.face: WireFace = self.app.config["SIM_FACE"]

    def gateway(self, *, wallet_url: str = BASE_URL, clock: Clock | None = None) -> BinanceGateway:
        return BinanceGateway(
            base_url=BASE_URL,
            api_key=KEY,
            api_secret=SECRET,
            clock=clock or self.simulation.clock,
            options=RestOptions(request_timeout=LIMIT_S),
            transport=httpx.ASGITransport(app=self.app),
            wallet_url=wallet_url,
        )


@pytest.fixture
def exchange() -> Exchange:
    return Exchange()


def closed_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


async def test_a_reachable_exchange_with_a_synced_clock_passes(exchange: Exchange) -> None:
    async with exchange.gateway() as gateway:
        reached = await reachability(gateway, BASE_URL, LIMIT_S)
        skew = clock_skew(gateway.server_clock.offset)

    assert reached.verdict is Verdict.OK and skew.verdict is Verdict.OK


async def test_an_exchange_nobody_answers_at_fails_naming_the_url() -> None:
    url = closed_url()
    async with BinanceGateway(base_url=url, api_key=KEY, api_secret=SECRET, clock=manual_simulation().clock) as gateway:
        finding = await reachability(gateway, url, LIMIT_S)

    assert finding.verdict is Verdict.FAIL
    assert f"no answer from {url}/fapi/v1/time" in finding.detail and "alphaengine sim" in finding.action


async def test_a_clock_ahead_of_the_exchange_by_more_than_binances_second_fails(exchange: Exchange) -> None:
    ahead = ShiftedClock(exchange.simulation.clock, timedelta(seconds=2))
    async with exchange.gateway(clock=ahead) as gateway:
        await reachability(gateway, BASE_URL, LIMIT_S)
        finding = clock_skew(gateway.server_clock.offset)

    assert finding.verdict is Verdict.FAIL
    assert "2000 ms ahead of the exchange's" in finding.detail and "timedatectl set-ntp true" in finding.action


async def test_a_clock_behind_by_more_than_the_recv_window_fails(exchange: Exchange) -> None:
    behind = ShiftedClock(exchange.simulation.clock, timedelta(seconds=-6))
    async with exchange.gateway(clock=behind) as gateway:
        await reachability(gateway, BASE_URL, LIMIT_S)
        finding = clock_skew(gateway.server_clock.offset)

    assert finding.verdict is Verdict.FAIL and "6000 ms behind" in finding.detail


def test_the_skew_bounds_are_binances() -> None:
    def verdict(milliseconds: int) -> Verdict:
        return clock_skew(timedelta(milliseconds=milliseconds)).verdict

    assert [verdict(ms) for ms in (0, 400, -400, 700, -700, -999, -1000, 5000, 5001)] == [
        Verdict.OK,
        Verdict.OK,
        Verdict.OK,
        Verdict.WARN,
        Verdict.WARN,
        Verdict.WARN,
        Verdict.FAIL,
        Verdict.WARN,
        Verdict.FAIL,
    ]


async def test_a_key_that_can_withdraw_fails(exchange: Exchange) -> None:
    exchange.face.key_access.update({"enableWithdrawals": True, "ipRestrict": True})
    async with exchange.gateway() as gateway:
        finding = await key_permissions(gateway, BASE_URL, "testnet", LIMIT_S)

    assert finding.verdict is Verdict.FAIL
    assert finding.detail == "withdrawals are ENABLED" and "turn off Enable Withdrawals" in finding.action


async def test_a_key_without_futures_fails_and_a_restricted_trading_key_passes(exchange: Exchange) -> None:
    async with exchange.gateway() as gateway:
        exchange.face.key_access.update({"enableFutures": False})
        without = await key_permissions(gateway, BASE_URL, "production", LIMIT_S)
        exchange.face.key_access.update({"enableFutures": True, "ipRestrict": True})
        good = await key_permissions(gateway, BASE_URL, "production", LIMIT_S)

    assert without.verdict is Verdict.FAIL and "futures are not enabled" in without.detail
    assert good.verdict is Verdict.OK and "restricted to trusted IP addresses" in good.detail


async def test_a_key_usable_from_any_address_warns_except_in_sim_mode(exchange: Exchange) -> None:
    async with exchange.gateway() as gateway:
        in_testnet = await key_permissions(gateway, BASE_URL, "testnet", LIMIT_S)
        in_sim = await key_permissions(gateway, BASE_URL, "sim", LIMIT_S)

    assert in_testnet.verdict is Verdict.WARN and "this server's IP address" in in_testnet.action
    assert in_sim.verdict is Verdict.OK


async def test_a_host_that_does_not_offer_the_restrictions_leaves_them_unknown_with_what_to_check(
    exchange: Exchange,
) -> None:
    not_offered = f"{BASE_URL}/no-wallet-here"
    unreachable = closed_url()
    async with exchange.gateway(wallet_url=not_offered) as gateway:
        missing = await key_permissions(gateway, not_offered, "testnet", LIMIT_S)
    async with BinanceGateway(
        base_url=unreachable, api_key=KEY, api_secret=SECRET, clock=exchange.simulation.clock, wallet_url=unreachable
    ) as gateway:
        gone = await key_permissions(gateway, unreachable, "testnet", LIMIT_S)

    for finding in (missing, gone):
        assert finding.verdict is Verdict.UNKNOWN
        assert "Enable Withdrawals off" in finding.action and "by hand" in finding.action
    assert not_offered in missing.detail


async def test_an_account_that_may_not_trade_fails(exchange: Exchange) -> None:
    async with exchange.gateway() as gateway:
        can = await futures_trading(gateway, LIMIT_S)
        exchange.face.key_access.update({"canTrade": False})
        cannot = await futures_trading(gateway, LIMIT_S)

    assert can.verdict is Verdict.OK
    assert cannot.verdict is Verdict.FAIL and "canTrade is false" in cannot.detail


async def test_a_key_the_exchange_refuses_fails_the_account_check(exchange: Exchange) -> None:
    async with BinanceGateway(
        base_url=BASE_URL,
        api_key="SomeOtherKey",
        api_secret=SECRET,
        clock=exchange.simulation.clock,
        transport=httpx.ASGITransport(app=exchange.app),
    ) as gateway:
        finding = await futures_trading(gateway, LIMIT_S)

    assert finding.verdict is Verdict.FAIL and "refused the key" in finding.detail and "-2015" in finding.detail


async def test_a_check_that_raises_becomes_a_fail_line_naming_the_error() -> None:
    def broken() -> Finding:
        raise RuntimeError("disk\nfell off")

    async def broken_later() -> Finding:
        raise KeyError("gone")

    found = guarded("wal size", broken)
    later = await guarded_async("exchange", broken_later)

    assert (found.check, found.verdict) == ("wal size", Verdict.FAIL)
    assert found.detail == "the check itself failed (RuntimeError: disk fell off)"
    assert later.verdict is Verdict.FAIL and "KeyError" in later.detail
