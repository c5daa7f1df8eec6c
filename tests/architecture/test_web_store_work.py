"""The web reaches its stores in one way, on its store workers (ADR 0066); at run time `stores()` refuses elsewhere.

These keep the one path visible in the code: no view takes the container's adapter set (whose stores would run on
the event loop), and only the store workers and password hashing hand work to threads.
"""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "entrypoints" / "web"
# The store workers, and scrypt (CPU, no store) in the login and password change routes
THREAD_USERS = {"database.py", "security/routes.py", "security/session_routes.py"}


def web_modules() -> dict[str, ast.Module]:
    return {path.relative_to(WEB).as_posix(): ast.parse(path.read_text("utf-8")) for path in WEB.rglob("*.py")}


def test_only_the_store_workers_and_password_hashing_run_work_on_threads() -> None:
    using = {
        name
        for name, tree in web_modules().items()
        if any(isinstance(node, ast.Attribute) and node.attr == "to_thread" for node in ast.walk(tree))
        or any(isinstance(node, ast.ImportFrom) and node.module == "anyio.to_thread" for node in ast.walk(tree))
    }

    assert using == THREAD_USERS


def test_no_web_module_takes_the_containers_adapter_set_except_for_its_clock() -> None:
    found = []
    for name, tree in web_modules().items():
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "adapters":
                parent = parents.get(node)
                if not (isinstance(parent, ast.Attribute) and parent.attr == "clock"):
                    found.append(f"{name}:{node.lineno}")

    assert found == []
