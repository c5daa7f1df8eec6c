"""The correlation id of the work in progress, so every log line it causes names it (ADR 0079)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# A context variable follows the task that set it, so a concurrent task's lines never borrow this id
_current: ContextVar[str | None] = ContextVar("alphaengine_correlation_id", default=None)


@contextmanager
def correlated(correlation_id: str | None) -> Iterator[None]:
    """Within the block, log lines carry `correlation_id` (the command's, or a reconcile pass's)."""
    token = _current.set(correlation_id)
    try:
        yield
    finally:
        _current.reset(token)


def current_correlation() -> str | None:
    """The correlation id of the block being run, None outside any."""
    return _current.get()
