"""The simulator's exchange model speaks its own Binance vocabulary, never the bot's (ADR 0062)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXCHANGE_MODEL = [
    *sorted((ROOT / "adapters/simulator/exchange").glob("*.py")),
    ROOT / "adapters/simulator/wire/user_data_json.py",
]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


def test_the_exchange_model_imports_none_of_the_bots_values() -> None:
    borrowing = [
        path.relative_to(ROOT).as_posix() for path in EXCHANGE_MODEL if "domain.values" in imported_modules(path)
    ]

    assert borrowing == []


def test_the_check_reads_the_engine() -> None:
    assert ROOT / "adapters/simulator/exchange/vocabulary.py" in EXCHANGE_MODEL
