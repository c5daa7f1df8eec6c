"""Client order ids: one deterministic id per command leg, always acceptable to Binance."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.client_order_ids import VALID, client_order_id_for, is_ours


def test_the_same_command_leg_always_gets_the_same_id() -> None:
    assert client_order_id_for("cmd-1", "main") == client_order_id_for("cmd-1", "main")


def test_different_legs_of_one_command_get_different_ids() -> None:
    assert client_order_id_for("cmd-1", "main") != client_order_id_for("cmd-1", "stop")


def test_different_commands_get_different_ids() -> None:
    assert client_order_id_for("cmd-1") != client_order_id_for("cmd-2")


@given(command_id=st.text(min_size=1, max_size=200), leg=st.sampled_from(["main", "stop", "take_profit", "close"]))
def test_every_id_fits_binances_pattern_and_length(command_id: str, leg: str) -> None:
    client_id = client_order_id_for(command_id, leg)

    assert len(client_id) <= 36
    assert VALID.fullmatch(client_id)
    assert is_ours(client_id)


def test_ids_we_did_not_mint_are_not_ours() -> None:
    assert not is_ours("web_manual_order_1")
    assert not is_ours("autoclose-1700000000")
    assert not is_ours(None)
