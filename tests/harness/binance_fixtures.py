"""Reads the vendored Binance fixtures (real and documented payloads, see tests/fixtures/binance/SOURCES.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "binance"


def load_fixture(name: str) -> Any:
    path = FIXTURES / name
    assert path.is_file(), f"fixture {name} not found under {FIXTURES}"
    return json.loads(path.read_text(encoding="utf-8"))
