"""Funds move through one path (ADR 0090): only the Transfer command's handler asks the exchange to transfer, and it
logs its intent before it sends; TransferMade is built only by that handler, the reconciliation and the stream's
translator, the three sources deduplicated by the fact's key."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from application.commands import transfers

REPO = Path(__file__).resolve().parents[2]
SEARCHED = ("application", "domain", "entrypoints", "adapters/binance")
SENDS = re.compile(r"gateway\.transfer\(")
BUILDS = re.compile(r"(?<!class )\bTransferMade\(")


def files_matching(pattern: re.Pattern[str]) -> set[str]:
    return {
        path.relative_to(REPO).as_posix()
        for folder in SEARCHED
        for path in (REPO / folder).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    }


def test_only_the_transfer_handler_sends_a_transfer() -> None:
    assert files_matching(SENDS) == {"application/commands/transfers.py"}


def test_the_intent_is_logged_before_the_request_leaves() -> None:
    source = inspect.getsource(transfers.transfer)
    assert source.index("TransferRequested(") < source.index("gateway.transfer(")


def test_transfer_facts_come_from_the_command_the_income_history_and_the_stream_only() -> None:
    assert files_matching(BUILDS) == {
        "application/commands/transfers.py",
        "domain/reconciliation.py",
        "adapters/binance/translate/account_update.py",
    }
