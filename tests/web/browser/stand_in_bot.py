"""StandInBot: a test-only stand-in for the bot that ACKs commands and records what the real bot would.

It shares only the SQLite file with the web, as the real bot does: it claims commands, appends the events a
bot would (PAUSED, a closing fill, a leverage change), folds them into the projections and writes a heartbeat.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from application.projector import Projector
from domain.commands import CommandRecord
from domain.events import Event
from domain.values import EngineState, Side
from entrypoints.containers.adapters import sqlite_adapters
from ports.exchange import StreamState
from ports.health import BotHealth, UnresolvedOrder
from tests.harness.builders import EventFactory

SYMBOL = "XRPUSDT"
POLL_S = 0.05
# As an exchange's leverage bracket would: a higher leverage fails, which shows a FAILED command
MAX_LEVERAGE = 50


class Refused(Exception):
    """The stand-in refuses the command, as the exchange would: it ends FAILED with this message."""


class StandInBot:
    """Start with start(), stop with stop(); store() appends events as if they came from the exchange."""

    def __init__(self, database: Path) -> None:
        self.adapters = sqlite_adapters(database)
        self.adapters.init_resources()
        self.events = EventFactory(start=datetime.now(UTC) - timedelta(minutes=30), prefix="standin")
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stand-in-bot", daemon=True)
        self._started_at = datetime.now(UTC)
        self._next_trade_id = 1000
        # What its heartbeat publishes as orders whose outcome is unknown; a CancelOrder of one settles it
        self.unresolved: tuple[UnresolvedOrder, ...] = ()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.adapters.shutdown_resources()

    def store(self, *events: Event) -> None:
        # One connection serves this thread and the test's: one transaction at a time
        with self._lock:
            self._append(list(events))

    def _append(self, events: list[Event]) -> None:
        self.adapters.event_store().append(events)
        Projector(self.adapters.event_store(), self.adapters.projection_store()).catch_up()

    def _run(self) -> None:
        while not self._stop.wait(POLL_S):
            with self._lock:
                self._heartbeat()
                record = self.adapters.command_store().claim_next(_now())
                if record is not None:
                    self._handle(record)

    def _handle(self, record: CommandRecord) -> None:
        handler = getattr(self, f"_on_{record.command.type}", None)
        if handler is None:
            self.adapters.command_store().mark_failed(record.command.command_id, "the stand-in cannot do this", _now())
            return
        try:
            events = handler(record)
        except Refused as exc:
            self.adapters.command_store().mark_failed(record.command.command_id, str(exc), _now())
            return
        self._append(events)
        result = getattr(self, f"_result_{record.command.type}", lambda _: {})(record)
        self.adapters.command_store().mark_acked(record.command.command_id, result, _now())

    def _on_PauseEngine(self, record: CommandRecord) -> list[Event]:
        return [
            self.events.engine_state(EngineState.PAUSED, reason="paused by user", command_id=record.command.command_id)
        ]

    def _on_ResumeEngine(self, record: CommandRecord) -> list[Event]:
        return [
            self.events.engine_state(
                EngineState.RUNNING, reason="resumed by user", command_id=record.command.command_id
            )
        ]

    def _on_SetLeverage(self, record: CommandRecord) -> list[Event]:
        leverage = record.command.payload.leverage
        if leverage > MAX_LEVERAGE:
            raise Refused(f"leverage {leverage} is above the bracket's maximum of {MAX_LEVERAGE}")
        return [self.events.leverage(leverage)]

    def _on_Transfer(self, record: CommandRecord) -> list[Event]:
        return []

    def _result_Transfer(self, record: CommandRecord) -> dict[str, str]:
        # What the bot's result says after a transfer: the spot wallet as read then (a stand-in's 1000 less it)
        payload = record.command.payload
        return {"asset": payload.asset, "spot_balance": str(1000 - payload.amount), "spot_read_at": "just now"}

    def _on_CancelAll(self, record: CommandRecord) -> list[Event]:
        return []

    def _on_UpdateConfig(self, record: CommandRecord) -> list[Event]:
        return []

    def _on_CancelOrder(self, record: CommandRecord) -> list[Event]:
        cid = record.command.payload.client_order_id
        self.unresolved = tuple(order for order in self.unresolved if order.client_order_id != cid)
        return []

    def _on_ClosePosition(self, record: CommandRecord) -> list[Event]:
        state, _ = self.adapters.projection_store().load()
        position = state.position(SYMBOL)
        if position.quantity == 0:
            return []
        self._next_trade_id += 1
        side = Side.SELL if position.quantity > 0 else Side.BUY
        return [
            self.events.trade(
                self._next_trade_id, side=side, qty=abs(position.quantity), price=position.entry_price, realized_pnl="0"
            )
        ]

    def _heartbeat(self) -> None:
        now = _now()
        self.adapters.health_store().write(
            BotHealth(
                "stand-in-bot",
                self._started_at,
                now,
                "running",
                True,
                last_loop_at=now,
                ws_state=StreamState.CONNECTED,
                unresolved_orders=self.unresolved,
                unresolved_total=len(self.unresolved),
            )
        )


def _now() -> datetime:
    return datetime.now(UTC)
