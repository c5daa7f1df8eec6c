"""`alphaengine transfer`: queues one Transfer command for the bot (a repeated key queues nothing new) and refuses a
bad amount in one line naming the field."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.connection import open_database
from domain.commands import CommandStatus, Transfer
from domain.transfers import TransferDirection

if TYPE_CHECKING:
    from tests.cli.conftest import Cli


def test_a_transfer_is_queued_once_per_key_for_the_bot(cli: Cli) -> None:
    first = cli.run("transfer", "to-futures", "250.5", "--idempotency-key", "move-1")
    again = cli.run("transfer", "to-futures", "250.5", "--idempotency-key", "move-1")

    assert first.returncode == 0, first.stderr
    assert "queued transfer 250.5 USDT TO_FUTURES as command" in first.stdout
    assert again.returncode == 0 and "was queued before: NEW" in again.stdout
    connection = open_database(cli.db)
    try:
        records = SqliteCommandStore(connection).list()
    finally:
        connection.close()
    assert [(r.command.payload, r.status, r.command.actor.id.startswith("cli")) for r in records] == [
        (Transfer(TransferDirection.TO_FUTURES, "USDT", Decimal("250.5")), CommandStatus.NEW, True)
    ]


def test_a_bad_amount_is_refused_in_one_line_and_nothing_is_queued(cli: Cli) -> None:
    result = cli.run("transfer", "to-spot", "0")

    assert result.returncode == 2
    assert result.stderr.strip() == "alphaengine transfer: amount: must be more than 0 and at most 1000000000"
