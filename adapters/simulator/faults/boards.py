"""Every switchboard of one server behind one name space: arm, clear and list faults by name, read the fault log."""

from __future__ import annotations

from collections.abc import Sequence

from adapters.simulator.faults.log import FaultRecord
from adapters.simulator.faults.setting import FaultSetting, Switchboard


class UnknownFault(ValueError):
    """A fault name no board knows."""


class FaultBoards:
    """Looks each name up on the board that has it, so REST and stream faults are armed the same way."""

    def __init__(self, boards: Sequence[Switchboard]) -> None:
        self._boards = tuple(boards)
        names = [name for board in self._boards for name in board.names]
        if len(names) != len(set(names)):
            raise ValueError(f"two fault boards share a fault name: {sorted(names)}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for board in self._boards for name in board.names)

    def arm(self, name: str, setting: FaultSetting) -> None:
        self._board(name).arm(name, setting)

    def clear(self, name: str | None = None) -> None:
        if name is not None:
            self._board(name).clear(name)
            return
        for board in self._boards:
            board.clear()

    def armed(self) -> dict[str, FaultSetting]:
        return {name: setting for board in self._boards for name, setting in board.armed().items()}

    def records(self) -> list[FaultRecord]:
        """The firings of every board's fault log (a log shared by boards counted once), oldest first."""
        logs = {id(log): log for board in self._boards if (log := getattr(board, "log", None)) is not None}
        return sorted((record for log in logs.values() for record in log.records), key=lambda record: record.time)

    def _board(self, name: str) -> Switchboard:
        for board in self._boards:
            if name in board.names:
                return board
        raise UnknownFault(f"unknown fault {name!r}; known: {', '.join(self.names)}")
