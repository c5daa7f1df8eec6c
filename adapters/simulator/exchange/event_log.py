"""The engine's outbox: every emitted user-data event, drained by the caller or pushed to listeners."""

from __future__ import annotations

from collections.abc import Callable

from .events import UserDataEvent

Listener = Callable[[UserDataEvent], None]


class EventLog:
    """Synchronous and in order: listeners run inside `emit`; `drain` hands out what came since the last drain."""

    def __init__(self) -> None:
        self._history: list[UserDataEvent] = []
        self._drained = 0
        self._listeners: list[Listener] = []

    @property
    def history(self) -> tuple[UserDataEvent, ...]:
        return tuple(self._history)

    def emit(self, event: UserDataEvent) -> None:
        self._history.append(event)
        for listener in list(self._listeners):
            listener(event)

    def drain(self) -> list[UserDataEvent]:
        fresh = self._history[self._drained :]
        self._drained = len(self._history)
        return fresh

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every later event; returns the function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)
