"""The `alphaengine sim` command line: documented defaults and the start-up banner."""

from __future__ import annotations

from decimal import Decimal

import pytest

from entrypoints.cli import build_parser
from entrypoints.sim import DEFAULT_API_KEY, DEFAULT_API_SECRET, SimSettings, banner, build_simulation


def test_sim_defaults_to_port_8600_seed_42_and_the_sim_only_key_pair() -> None:
    args = build_parser().parse_args(["sim"])
    assert (args.host, args.port, args.seed, args.speed) == ("127.0.0.1", 8600, 42, 1.0)
    assert (args.api_key, args.api_secret) == (DEFAULT_API_KEY, DEFAULT_API_SECRET)
    assert DEFAULT_API_KEY.isalnum() and DEFAULT_API_SECRET.isalnum()


def test_sim_takes_every_option_from_the_command_line() -> None:
    args = build_parser().parse_args(
        [
            "sim",
            "--host",
            "0.0.0.0",
            "--port",
            "9000",
            "--seed",
            "7",
            "--api-key",
            "K",
            "--api-secret",
            "S",
            "--speed",
            "60",
        ]
    )
    assert (args.host, args.port, args.seed, args.api_key, args.api_secret, args.speed) == (
        "0.0.0.0",
        9000,
        7,
        "K",
        "S",
        60.0,
    )


def test_the_banner_prints_the_url_and_the_key_pair() -> None:
    text = banner(SimSettings(port=8600, api_key="K1", api_secret="S1"))
    assert "http://127.0.0.1:8600" in text
    assert "K1" in text and "S1" in text


def test_sim_takes_the_futures_and_spot_start_balances_and_refuses_a_bad_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = build_parser().parse_args(["sim", "--balance", "2500.5", "--spot-balance", "300"])
    simulation = build_simulation(SimSettings(balance=args.balance, spot_balance=args.spot_balance))

    assert simulation.engine.spot_balances() == {"USDT": Decimal("300")}
    assert simulation.engine.balance("USDT").wallet_balance == Decimal("2500.5")
    assert build_parser().parse_args(["sim"]).spot_balance == Decimal("0")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["sim", "--spot-balance", "-1"])
    assert "--spot-balance: '-1': give an amount from 0 to 1000000000" in capsys.readouterr().err
