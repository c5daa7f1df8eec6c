"""Building the gateway: secrets as config gives them, clear errors for bad settings, client ownership."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from adapters.binance.rest import BinanceGateway, RestOptions
from adapters.memory.clock import ManualClock
from config.secrets import Secret
from tests.binance.rest.support import BASE_URL, KEY, SECRET, sim_bench

pytestmark = pytest.mark.anyio


async def test_credentials_may_be_config_secrets() -> None:
    bench = sim_bench()
    gateway = BinanceGateway(
        base_url=BASE_URL,
        api_key=Secret(KEY),
        api_secret=Secret(SECRET),
        clock=bench.simulation.clock,
        transport=bench.transport,
    )
    assert len(await gateway.balances()) == 1


def test_a_client_and_a_transport_together_are_refused() -> None:
    with pytest.raises(ValueError, match="not both"):
        BinanceGateway(
            base_url=BASE_URL,
            api_key=KEY,
            api_secret=SECRET,
            clock=ManualClock(),
            client=httpx.AsyncClient(),
            transport=httpx.MockTransport(lambda request: httpx.Response(200)),
        )


def test_a_base_url_without_a_scheme_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="base URL must start with http"):
        BinanceGateway(base_url="fapi.binance.com", api_key=KEY, api_secret=SECRET, clock=ManualClock())


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"recv_window": timedelta(seconds=61)}, "recv_window"),
        ({"request_timeout": 0}, "request_timeout"),
        ({"lookup_interval": timedelta(0)}, "lookup_interval"),
        ({"page_size": 1001}, "page_size"),
    ],
)
def test_out_of_range_options_are_refused_by_name(options: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        RestOptions(**options)  # type: ignore[arg-type]


async def test_a_client_given_to_the_gateway_stays_open_for_its_owner() -> None:
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(200)))
    async with BinanceGateway(base_url=BASE_URL, api_key=KEY, api_secret=SECRET, clock=ManualClock(), client=client):
        pass
    assert not client.is_closed
    await client.aclose()
