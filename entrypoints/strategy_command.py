"""`alphaengine strategy new NAME` scaffolds a strategy distribution; `strategy list` shows the installed ones."""

from __future__ import annotations

import argparse
import importlib.util
import json
import keyword
import re
from pathlib import Path
from typing import Any, TextIO

from adapters.strategies.registry import Installed, installed
from domain.strategy import ParamInfo, Strategy
from domain.text import shown
from entrypoints.cli_services import EXIT_CONFIG
from entrypoints.strategy_template import files

# The same rule as the settings' strategy.name, so every scaffolded name can be selected
NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write DIR/NAME: a distribution with the strategy, its schema, entry point and test; exit 2 naming the field."""
    name: str = args.name
    target = Path(args.dir) / name
    # The name's form first (it makes the path), then the folder (a second run in the same place), then clashes
    form = _name_form(name)
    if form is None and target.exists():
        err.write(f"alphaengine: argument --dir: {target} already exists; pick another NAME or --dir\n")
        return EXIT_CONFIG
    problem = form or _name_clash(name)
    if problem is not None:
        err.write(f"alphaengine: argument NAME: {problem}\n")
        return EXIT_CONFIG
    class_name = "".join(part.capitalize() for part in name.split("_") if part)
    for relative, text in files(name, class_name, f"alphaengine-{name.replace('_', '-')}").items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    out.write(
        f"wrote {target}: strategy {name} ({name}/strategy.py:{class_name}), its test and entry point\n"
        f"next: cd {target} && python -m pytest, then pip install -e . next to the engine and\n"
        f'      alphaengine config set strategy \'{{"name": "{name}", "timeframe": "5m", "params": {{}}}}\'\n'
    )
    return 0


def show(args: argparse.Namespace, out: TextIO) -> int:
    """Print every installed strategy with its parameters (name, type, default, bounds); --json as one document."""
    strategies = installed()
    if args.json:
        out.write(json.dumps([_as_json(item) for item in strategies], indent=2) + "\n")
        return 0
    for item in strategies:
        out.write(f"{item.name}  {item.target}  ({item.distribution})\n")
        if item.kind is None:
            out.write(f"  cannot be loaded: {item.error}\n")
            continue
        out.write(f"  {_summary(item.kind)}\n")
        for param in item.kind.param_schema():
            out.write(f"  {param.name:<16} {param.type:<9} default {param.default!s:<8} {_bounds(param)}\n")
    return 0


def _name_form(name: str) -> str | None:
    if not NAME.match(name):
        return f"{name!r} must be 1-64 of a-z 0-9 _ starting with a letter, like my_breakout"
    if keyword.iskeyword(name):
        return f"{name!r} is a Python keyword; pick another name"
    return None


def _name_clash(name: str) -> str | None:
    if name in {item.name for item in installed()}:
        return f"{name!r} is already an installed strategy (alphaengine strategy list); pick another name"
    if importlib.util.find_spec(name) is not None:
        return f"{name!r} is already an importable module here; pick another name"
    return None


def _bounds(param: ParamInfo) -> str:
    if param.minimum is None and param.maximum is None:
        return "checked by the strategy"
    if param.exclusive:
        return f"above {param.minimum}, below {param.maximum}"
    return f"{param.minimum} to {param.maximum}"


def _summary(kind: type[Strategy]) -> str:
    """The first paragraph of the strategy's docstring on one line: what it does, in its author's words."""
    paragraph = (kind.__doc__ or "").strip().split("\n\n")[0]
    return shown(" ".join(paragraph.split()) or "(no description)")


def _as_json(item: Installed) -> dict[str, Any]:
    params = None if item.kind is None else [param.as_json() for param in item.kind.param_schema()]
    return {
        "name": item.name,
        "target": item.target,
        "distribution": item.distribution,
        "summary": None if item.kind is None else _summary(item.kind),
        "params": params,
        "error": item.error,
    }
