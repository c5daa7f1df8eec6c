"""`alphaengine transfer to-futures|to-spot AMOUNT [--asset USDT]`: queue a Transfer command for the running bot,
as the web's transfer form does (ADR 0090); the bot sends it once and settles a lost answer by the transfer history."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from config.constants import Defaults
from domain.commands import USER_PRIORITY, Actor, ActorKind, Command, CommandRecord, Transfer
from domain.transfers import TransferDirection, transfer_refusal
from domain.values import Mode, Scope

DIRECTIONS = {"to-futures": TransferDirection.TO_FUTURES, "to-spot": TransferDirection.TO_SPOT}
# As long as a web command waits for the bot by default (ADR 0050)
EXPIRES_IN = timedelta(minutes=5)


def add_transfer(commands: Any, common: argparse.ArgumentParser) -> None:
    transfer = commands.add_parser(
        "transfer", parents=[common], help="queue a transfer between the spot and futures wallets for the bot"
    )
    transfer.add_argument("direction", choices=sorted(DIRECTIONS), help="to-futures (spot → futures) or to-spot")
    transfer.add_argument("amount", type=amount_option, help="how much, e.g. 250.5")
    transfer.add_argument("--asset", default="USDT", help="the asset to move (default %(default)s)")
    transfer.add_argument(
        "--idempotency-key", metavar="KEY", help="repeating a key queues nothing new (default: a fresh one)"
    )
    transfer.set_defaults(handler=run_transfer)


def amount_option(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number: give an amount such as 250.5") from None


def run_transfer(args: argparse.Namespace) -> int:
    return transfer(args, sys.stdout, sys.stderr)


def transfer(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Queue the transfer args name; exit 2 (nothing queued) when the amount or asset is refused."""
    from entrypoints.cli_services import EXIT_CONFIG, boot_logging_and_secrets
    from entrypoints.containers.adapters import sqlite_adapters
    from entrypoints.database_command import operator_name
    from entrypoints.database_mode import check_database
    from entrypoints.traded import traded

    refusal = transfer_refusal(args.asset, args.amount)
    if refusal is not None:
        print(f"alphaengine transfer: {refusal}", file=err)
        return EXIT_CONFIG
    secrets, database = boot_logging_and_secrets(args, mode=None)
    adapters = sqlite_adapters(database)
    try:
        check_database(adapters.identity_store(), database, secrets.mode, secrets.credentials.fingerprint())
        trading = traded(adapters)
        scope = Scope(Defaults.EXCHANGE, Defaults.VENUE, trading.account_id, trading.symbol, Mode(secrets.mode))
        payload = Transfer(DIRECTIONS[args.direction], args.asset, args.amount)
        record, created = queue(adapters, scope, payload, operator_name(), args.idempotency_key)
        return report(record, created, out)
    finally:
        adapters.shutdown_resources()


def queue(adapters: Any, scope: Scope, payload: Transfer, who: str, key: str | None) -> tuple[CommandRecord, bool]:
    """Insert the command NEW (or find the one a repeated key made); the bot claims and runs it."""
    command_id, now = adapters.ids().new_id(), adapters.clock().now()
    command = Command(
        command_id=command_id,
        idempotency_key=key or f"cli:{command_id}",
        priority=USER_PRIORITY,
        actor=Actor(ActorKind.USER, who),
        scope=scope,
        created_at=now,
        correlation_id=command_id,
        payload=payload,
        expires_at=now + EXPIRES_IN,
    )
    stored: tuple[CommandRecord, bool] = adapters.command_store().insert(command, now)
    return stored


def report(record: CommandRecord, created: bool, out: TextIO) -> int:
    from entrypoints.cli_services import EXIT_FAILURE

    payload = record.command.payload
    if not isinstance(payload, Transfer):
        print(f"idempotency key already used for command {record.command.command_id} ({record.command.type})", file=out)
        return EXIT_FAILURE
    what = f"{payload.amount} {payload.asset} {payload.direction.value}"
    if created:
        print(f"queued transfer {what} as command {record.command.command_id}; the bot sends it once", file=out)
    else:
        print(f"command {record.command.command_id} ({what}) was queued before: {record.status.value}", file=out)
    return 0
