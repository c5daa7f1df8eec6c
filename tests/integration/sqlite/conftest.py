"""A freshly migrated database file per test, opened through the production entry point."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import apsw
import pytest

from adapters.sqlite.connection import open_database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "engine.sqlite3"


@pytest.fixture
def connection(db_path: Path) -> Iterator[apsw.Connection]:
    opened = open_database(db_path)
    yield opened
    opened.close()
