"""/metrics has one path (ADR 0077): only the web's metrics modules use prometheus-client, through a registry made
per scrape and collector families; nothing registers in its process-wide default registry or serves on its own."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "ports", "application", "adapters", "entrypoints", "config")
USERS = {"entrypoints/web/metrics/collector.py", "entrypoints/web/api/metrics.py"}
# A registry of the scrape's own, its exposition, and the families a collector yields; never REGISTRY, Counter,
# Gauge…, which live in the default registry from import, nor start_http_server or make_asgi_app
ALLOWED = {
    "CollectorRegistry",
    "generate_latest",
    "CONTENT_TYPE_PLAIN_0_0_4",
    "CounterMetricFamily",
    "GaugeMetricFamily",
    "Metric",
}


def prometheus_imports() -> dict[str, set[str]]:
    """Each product module importing prometheus_client, with the names it takes (`*` for a whole-module import)."""
    found: dict[str, set[str]] = {}
    for package in PRODUCT:
        for path in (REPO / package).rglob("*.py"):
            name = path.relative_to(REPO).as_posix()
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("prometheus_client"):
                    found.setdefault(name, set()).update(alias.name for alias in node.names)
                elif isinstance(node, ast.Import) and any(a.name.startswith("prometheus_client") for a in node.names):
                    found.setdefault(name, set()).add("*")
    return found


def test_only_the_web_metrics_modules_use_prometheus_client() -> None:
    assert set(prometheus_imports()) == USERS


def test_nothing_reaches_the_default_registry_or_a_server_of_its_own() -> None:
    taken = set().union(*prometheus_imports().values())

    assert taken <= ALLOWED, taken - ALLOWED
