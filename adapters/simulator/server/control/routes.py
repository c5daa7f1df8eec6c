"""The /_sim/ routes on the simulator's port: JSON in and out, no signature, each request first advances the market."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from quart import Blueprint, Response, request

from adapters.simulator.errors import SimError
from adapters.simulator.faults.boards import FaultBoards, UnknownFault
from adapters.simulator.faults.setting import Switchboard
from adapters.simulator.faults.spec import BadField, setting_from_json, setting_to_json
from adapters.simulator.server.bodies import income_body
from adapters.simulator.server.control.errors import ControlError, bad_field
from adapters.simulator.server.control.fields import decimal, json_object, only
from adapters.simulator.server.control.manual import cancel_by_hand, place_by_hand
from adapters.simulator.server.control.state import state_body
from adapters.simulator.wire.numbers import plain
from domain.times import epoch_ms

if TYPE_CHECKING:
    from adapters.simulator.server.app import WireFace

JSON = "application/json"


def fault_boards(face: WireFace) -> FaultBoards:
    """The REST board and, once the server has one, the stream board."""
    boards: list[Switchboard] = [
        board for board in (face.rest_faults, getattr(face, "stream_faults", None)) if board is not None
    ]
    return FaultBoards(boards)


def control_blueprint(face: WireFace) -> Blueprint:
    """The /_sim/ API over `face` (looked up per request, so a reset is seen at once)."""
    sim = Blueprint("sim_control", __name__, url_prefix="/_sim")

    @sim.get("/state")
    async def state() -> Response:
        return _answer(face, lambda: state_body(face.simulation))

    @sim.post("/price")
    async def price() -> Response:
        body = await _body()
        return _answer(face, lambda: _move_price(face, body))

    @sim.post("/orders")
    async def place() -> Response:
        body = await _body()
        return _answer(face, lambda: place_by_hand(face.simulation, json_object(body)))

    @sim.delete("/orders/<int:order_id>")
    async def cancel(order_id: int) -> Response:
        return _answer(face, lambda: cancel_by_hand(face.simulation, order_id))

    @sim.post("/funding")
    async def funding() -> Response:
        return _answer(face, lambda: _settle_funding(face))

    @sim.post("/reset")
    async def reset() -> Response:
        return _answer(face, lambda: _reset(face))

    @sim.get("/unserved")
    async def unserved() -> Response:
        return _answer(face, face.unserved.body)

    @sim.get("/permissions")
    async def permissions() -> Response:
        return _answer(face, face.key_access.settings_body)

    @sim.put("/permissions")
    async def permit() -> Response:
        body = await _body()
        return _answer(face, lambda: _permit(face, body))

    _fault_routes(sim, face)
    return sim


def _fault_routes(sim: Blueprint, face: WireFace) -> None:
    @sim.get("/faults")
    async def faults() -> Response:
        return _answer(face, lambda: _faults_body(fault_boards(face)))

    @sim.put("/faults/<name>")
    async def arm(name: str) -> Response:
        body = await _body(empty={})
        return _answer(face, lambda: _arm(fault_boards(face), name, body))

    @sim.delete("/faults")
    async def clear_all() -> Response:
        return _answer(face, lambda: _clear(fault_boards(face), None))

    @sim.delete("/faults/<name>")
    async def clear(name: str) -> Response:
        return _answer(face, lambda: _clear(fault_boards(face), name))

    @sim.get("/faults/log")
    async def log() -> Response:
        return _answer(
            face, lambda: [{"time": r.time, "fault": r.fault, "detail": r.detail} for r in fault_boards(face).records()]
        )


def _move_price(face: WireFace, body: Any) -> dict[str, Any]:
    fields = json_object(body)
    only(fields, ("price",))
    price = decimal(fields, "price")
    if price is None:
        raise bad_field("price", 'is required, e.g. {"price": "0.61"}')
    try:
        start = face.simulation.move_price(price)
    except ValueError as exc:
        raise bad_field("price", str(exc)) from None
    return {"price": plain(price), "from": epoch_ms(start)}


def _permit(face: WireFace, body: Any) -> dict[str, bool]:
    """Change what the keys may do, e.g. {"enableWithdrawals": true}; all or nothing."""
    try:
        face.key_access.update(json_object(body))
    except ValueError as exc:
        raise ControlError(400, str(exc)) from None
    return face.key_access.settings_body()


def _settle_funding(face: WireFace) -> dict[str, Any]:
    row = face.simulation.settle_funding_now()
    return {"income": None if row is None else income_body(row)}


def _reset(face: WireFace) -> dict[str, Any]:
    face.reset()
    return {"time": epoch_ms(face.simulation.clock.now()), "seed": face.simulation.options.seed}


def _faults_body(boards: FaultBoards) -> dict[str, Any]:
    return {
        "known": list(boards.names),
        "armed": {name: setting_to_json(setting) for name, setting in boards.armed().items()},
    }


def _arm(boards: FaultBoards, name: str, body: Any) -> dict[str, Any]:
    if name not in boards.names:
        raise UnknownFault(f"unknown fault {name!r}; known: {', '.join(boards.names)}")
    setting = setting_from_json(body)
    try:
        boards.arm(name, setting)
    except ValueError as exc:
        # A setting this fault cannot take (e.g. a storm with neither count nor duration)
        raise ControlError(400, str(exc)) from None
    return _faults_body(boards)


def _clear(boards: FaultBoards, name: str | None) -> dict[str, Any]:
    boards.clear(name)
    return _faults_body(boards)


async def _body(empty: Any = None) -> Any:
    raw = await request.get_data()
    if not raw.strip():
        return empty
    return await request.get_json(force=True, silent=True)


def _answer(face: WireFace, produce: Callable[[], Any]) -> Response:
    """200 with what `produce` returns once the market is brought to now, or the refusal as JSON: 400/404 naming
    the field or the fault; the engine's Binance errors keep their code."""
    face.simulation.advance()
    try:
        status, body = 200, produce()
    except ControlError as exc:
        status, body = exc.status, exc.body()
    except BadField as exc:
        status, body = 400, {"error": str(exc), "field": exc.field}
    except UnknownFault as exc:
        status, body = 404, {"error": str(exc)}
    except SimError as exc:
        status, body = exc.http_status, {"error": exc.msg, "code": exc.code}
    # Plain json: fault settings carry float seconds, which the Binance encoder rightly refuses
    return Response(json.dumps(body), status=status, content_type=JSON)
