"""GET /metrics: the Prometheus text exposition (ADR 0077); open to a direct loopback peer, else authenticated."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4
from quart import Blueprint, Response

from entrypoints.web.database import PROBES, on_store
from entrypoints.web.metrics.collector import exposition
from entrypoints.web.metrics.scrape import read_scrape
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.security.public import loopback_public, requires
from ports.user_store import Role

blueprint = Blueprint("metrics", __name__)
TEXT = {"type": "string", "description": "Prometheus text format 0.0.4"}


@blueprint.get("/metrics")
@loopback_public
@requires(Role.VIEWER)
@operation(
    "Prometheus metrics: served without credentials only to a loopback peer that no proxy forwarded",
    "metrics",
    {200: Reply("The text exposition", media_type="text/plain", raw=TEXT)},
)
async def metrics() -> Response:
    # The probes' lane: a scrape answers while every request worker is busy with slow pages
    body = await on_store(_scrape, PROBES)
    return Response(body, content_type=CONTENT_TYPE_PLAIN_0_0_4, headers={"Cache-Control": "no-store"})


def _scrape() -> bytes:
    return exposition(read_scrape())
