"""Shared fixtures: anyio on asyncio only."""

import pytest


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Captured output may quote a lone surrogate (the clean-text tests log what they refuse); the pytest-xdist
    workers send each report as UTF-8, so such a character travels escaped."""
    report.sections = [(title, _utf8(text)) for title, text in report.sections]


def _utf8(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
