"""The Quart app of the wire face: every request goes advance → rate limits → auth → handler → Binance JSON."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import partial
from typing import Any

from quart import Quart, Response, request

from adapters.simulator.errors import UNKNOWN, BinanceError, SimError
from adapters.simulator.faults.delivery import deliver
from adapters.simulator.faults.log import FaultLog
from adapters.simulator.faults.rest import RestFaults
from adapters.simulator.faults.stream import StreamFaults
from adapters.simulator.server.account_routes import ACCOUNT_ROUTES
from adapters.simulator.server.algo_routes import ALGO_ROUTES
from adapters.simulator.server.book_routes import BOOK_ROUTES
from adapters.simulator.server.call import Call, Handler
from adapters.simulator.server.control.routes import control_blueprint
from adapters.simulator.server.control.unserved import Unserved, refuse_unknown_sockets
from adapters.simulator.server.history_routes import HISTORY_ROUTES
from adapters.simulator.server.key_access import KeyAccess
from adapters.simulator.server.listen_keys import ListenKeys
from adapters.simulator.server.market_routes import MARKET_ROUTES
from adapters.simulator.server.order_routes import ORDER_ROUTES
from adapters.simulator.server.spot_reference_routes import SPOT_REFERENCE_ROUTES
from adapters.simulator.server.spot_routes import SPOT_ROUTES
from adapters.simulator.server.ws.routes import register_stream_routes
from adapters.simulator.simulation import Simulation
from adapters.simulator.wire.encoding import encode_json
from adapters.simulator.wire.rate_limits import USED_WEIGHT_HEADER, RateLimiter
from adapters.simulator.wire.request import LOCALHOST, WireRequest, parse_params
from adapters.simulator.wire.security import UnknownEndpoint
from adapters.simulator.wire.signing import API_KEY_HEADER, Authenticator
from adapters.simulator.wire.weights import request_cost
from domain.times import epoch_ms

_log = logging.getLogger(__name__)

ROUTES: dict[tuple[str, str], Handler] = {
    **MARKET_ROUTES,
    **ORDER_ROUTES,
    **ACCOUNT_ROUTES,
    **ALGO_ROUTES,
    **SPOT_REFERENCE_ROUTES,
    **SPOT_ROUTES,
    **BOOK_ROUTES,
    **HISTORY_ROUTES,
}
METHODS = ["GET", "POST", "PUT", "DELETE"]
JSON = "application/json"
# Binance answers an unknown path with an HTML 404; the simulator keeps to JSON so clients parse one format
NOT_FOUND = BinanceError(-1000, "Unknown path on the simulator.", 404)


class WireFace:
    """The per-server state (authenticator, limiter, listenKeys) around one Simulation."""

    def __init__(self, simulation: Simulation, api_keys: Mapping[str, str]) -> None:
        if not api_keys:
            raise ValueError("the simulator needs at least one API key pair")
        self.api_keys = dict(api_keys)
        self.simulation = simulation
        self.fault_log = FaultLog(simulation.clock)
        self.rest_faults = RestFaults(simulation.clock, self.fault_log)
        self.authenticator = Authenticator(api_keys, self.rest_faults.server_clock)
        self.limiter = RateLimiter(simulation.clock, storm=self.rest_faults.storm)
        self.listen_keys = ListenKeys(simulation.clock, simulation.options.seed)
        self.stream_faults = StreamFaults(simulation.clock, self.fault_log)
        self.key_access = KeyAccess(created_ms=epoch_ms(simulation.clock.now()))
        self.unserved = Unserved()

    def handle(self, wire: WireRequest) -> tuple[int, Any, dict[str, str]]:
        """(status, JSON-ready body, headers) of one request."""
        self.simulation.advance()
        # Replaced by the limiter's headers once the request is admitted or refused by it
        headers = {USED_WEIGHT_HEADER: str(self.limiter.used_weight(wire.client_ip))}
        try:
            if (wire.method, wire.path) not in ROUTES:
                raise UnknownEndpoint(wire.path)
            admission = self.limiter.admit(
                wire.client_ip, wire.header(API_KEY_HEADER), request_cost(wire.method, wire.path, parse_params(wire))
            )
            headers = admission.headers
            if admission.error is not None:
                return admission.status, admission.error.to_dict(), headers
            self.rest_faults.begin(wire)
            auth = self.authenticator.authenticate(wire)
            call = Call(
                self.simulation, auth.params, auth.api_key, self.listen_keys, self.limiter.limits, self.key_access
            )
            return 200, self.rest_faults.run(wire, partial(ROUTES[(wire.method, wire.path)], call)), headers
        except UnknownEndpoint:
            self.unserved.record(wire.method, wire.path)
            return NOT_FOUND.http_status, NOT_FOUND.to_dict(), headers
        except SimError as exc:
            return exc.http_status, exc.error.to_dict(), headers
        except ValueError:
            _log.exception("simulator failed on %s %s", wire.method, wire.path)
            return UNKNOWN.http_status, UNKNOWN.to_dict(), headers

    def reset(self) -> None:
        """Start over from the current simulated time: a fresh Simulation with the same options, and fresh
        listenKeys, limits, faults and fault log."""
        # Re-running __init__ rebuilds every per-simulation part, including those other modules attach there
        WireFace.__init__(self, self.simulation.restarted(), self.api_keys)


def create_sim_app(simulation: Simulation, api_keys: Mapping[str, str]) -> Quart:
    """A Quart app serving Binance's /fapi REST paths over `simulation` for the `api_keys` {key: secret}."""
    face = WireFace(simulation, api_keys)
    app = Quart(__name__)
    app.config["SIM_FACE"] = face
    app.register_blueprint(control_blueprint(face))
    register_stream_routes(app, face)
    refuse_unknown_sockets(app, lambda: face.unserved, encode_json(NOT_FOUND.to_dict()))

    @app.route("/", defaults={"path": ""}, methods=METHODS)
    @app.route("/<path:path>", methods=METHODS)
    async def dispatch(path: str) -> Response:
        # Quart types the body as bytes only when every argument of get_data is spelled out
        body = await request.get_data(cache=True, as_text=False, parse_form_data=False)
        wire = WireRequest(
            request.method,
            request.path,
            request.query_string,
            body,
            dict(request.headers),
            request.remote_addr or LOCALHOST,
        )
        status, body, headers = face.handle(wire)
        delivery = face.rest_faults.delivery(wire)
        return await deliver(Response(encode_json(body), status=status, headers=headers, content_type=JSON), delivery)

    return app
