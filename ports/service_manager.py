"""The service manager (systemd) the bot reports to: booted, alive after each healthy cycle, stopping (ADR 0074)."""

from __future__ import annotations

from abc import ABC, abstractmethod


class ServiceManager(ABC):
    """Every method returns normally: telling the manager must never block or break the main loop."""

    @abstractmethod
    def ready(self, status: str) -> None:
        """Say the process has booted and serves, with a one-line human status."""

    @abstractmethod
    def alive(self, status: str) -> None:
        """Say the main loop completed a cycle (a watchdog ping, paced by the manager's interval), with the status."""

    @abstractmethod
    def stopping(self, status: str) -> None:
        """Say the process is shutting down, and why."""


class NoServiceManager(ServiceManager):
    """Tells nobody: no manager is listening (a terminal, a test, Windows)."""

    def ready(self, status: str) -> None:
        return None

    def alive(self, status: str) -> None:
        return None

    def stopping(self, status: str) -> None:
        return None
