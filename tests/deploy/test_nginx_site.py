"""The shipped nginx site passes `nginx -t` and, run by a real nginx, does what ADR 0075 says it does.

Behind it stands a recording web (`Upstream`): it answers with the headers it received, streams Server-Sent Events
on /api/stream without telling nginx not to buffer them, and sends an HSTS header of its own.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from entrypoints.web.app import MAX_BODY_BYTES
from entrypoints.web.security.headers import HSTS
from tests.deploy.nginx_site import SERVER_NAME, SHIPPED_WEB_PORT, SITE, NginxSite
from tests.deploy.units import UNITS, one

pytestmark = pytest.mark.linux

HOLD_S = 10.0
UPSTREAM_HSTS = "max-age=1"


class Upstream(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.release = threading.Event()
        self.stream_ended = threading.Event()
        self.stream_headers: dict[str, str] = {}

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Recorder(BaseHTTPRequestHandler):
    server: Upstream

    def do_GET(self) -> None:
        if self.path.startswith("/api/stream"):
            self._stream()
            return
        self._reply({"path": self.path, "headers": {name.lower(): value for name, value in self.headers.items()}})

    def do_POST(self) -> None:
        self._reply({"received": len(self.rfile.read(int(self.headers["Content-Length"])))})

    def _reply(self, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Strict-Transport-Security", UPSTREAM_HSTS)
        self.end_headers()
        self.wfile.write(data)

    def _stream(self) -> None:
        self.server.stream_headers = {name.lower(): value for name, value in self.headers.items()}
        # No X-Accel-Buffering header here (the real web sends one): the site itself must not buffer the stream
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.write(b"data: first\n\n")
        self.wfile.flush()
        self.server.release.wait(HOLD_S)
        self.server.stream_ended.set()
        self.wfile.write(b"data: last\n\n")

    def log_message(self, message: str, *args: object) -> None:
        pass


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(tmp_path: Path, upstream: Upstream) -> Iterator[NginxSite]:
    served = NginxSite(tmp_path / "nginx", upstream.port)
    served.start()
    try:
        yield served
    finally:
        served.stop()


def trusting(site: NginxSite, local_address: str | None = None, *, http2: bool = True) -> httpx.Client:
    context = ssl.create_default_context(cafile=str(site.certificate))
    transport = httpx.HTTPTransport(verify=context, http2=http2, local_address=local_address)
    return httpx.Client(transport=transport, timeout=HOLD_S * 2)


def test_the_shipped_site_passes_nginx_t(tmp_path: Path) -> None:
    checked = NginxSite(tmp_path / "nginx", web_port=8000).check()

    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_the_site_reaches_the_web_where_its_unit_serves_it_and_the_web_trusts_it() -> None:
    command = one(UNITS / "alphaengine-web.service", "Service", "ExecStart").split()
    options = dict(zip(command[2::2], command[3::2], strict=True))

    assert command[1] == "web"
    assert (options["--host"], options["--port"]) == ("127.0.0.1", str(SHIPPED_WEB_PORT))
    assert f"server 127.0.0.1:{SHIPPED_WEB_PORT};" in SITE.read_text(encoding="utf-8")
    assert options["--trusted-proxy"] == "127.0.0.1", "nginx reaches the web from 127.0.0.1"


def test_http_redirects_to_the_https_name_except_lets_encrypts_challenges(site: NginxSite) -> None:
    challenge = site.webroot / ".well-known" / "acme-challenge"
    challenge.mkdir(parents=True)
    (challenge / "token-1").write_text("proof-1", encoding="utf-8")

    with httpx.Client() as client:
        redirected = client.get(site.http_url + "dashboard?tab=1")
        answered = client.get(site.http_url + ".well-known/acme-challenge/token-1")

    assert redirected.status_code == 301
    assert redirected.headers["location"] == f"https://{SERVER_NAME}/dashboard?tab=1"
    assert redirected.headers["server"] == "nginx"
    assert (answered.status_code, answered.text) == (200, "proof-1")


def test_https_speaks_http2_over_tls_1_2_and_1_3(site: NginxSite) -> None:
    negotiated = []
    for highest in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        context = ssl.create_default_context(cafile=str(site.certificate))
        context.maximum_version = highest
        context.set_alpn_protocols(["h2", "http/1.1"])
        with context.wrap_socket(_connect(site), server_hostname="127.0.0.1") as tls:
            negotiated.append((tls.version(), tls.selected_alpn_protocol()))

    assert negotiated == [("TLSv1.2", "h2"), ("TLSv1.3", "h2")]


def test_the_web_sees_the_real_client_and_the_scheme_whatever_the_client_claims(site: NginxSite) -> None:
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "http", "Connection": "keep-alive"}

    with trusting(site) as client:
        response = client.get(site.https_url + "api/dashboard", headers=forged)

    received = response.json()["headers"]
    assert response.http_version == "HTTP/2"
    assert received["x-forwarded-for"] == "127.0.0.1"
    assert received["x-forwarded-proto"] == "https"
    assert received["host"] == "127.0.0.1"
    assert "x-real-ip" not in received


def test_every_https_answer_carries_one_hsts_header_with_the_webs_value(site: NginxSite) -> None:
    with trusting(site) as client, trusting(site, local_address="127.0.0.2") as outsider:
        proxied = client.get(site.https_url + "api/dashboard")
        refused = outsider.get(site.https_url + "metrics")

    assert proxied.headers.get_list("strict-transport-security") == [HSTS]
    assert refused.headers.get_list("strict-transport-security") == [HSTS]
    assert {proxied.headers["server"], refused.headers["server"]} == {"nginx"}


def test_metrics_answer_only_a_client_on_this_machine(site: NginxSite) -> None:
    with trusting(site) as local, trusting(site, local_address="127.0.0.2") as outsider:
        scraped = local.get(site.https_url + "metrics")
        refused = outsider.get(site.https_url + "metrics")
        dashboard = outsider.get(site.https_url + "api/dashboard")

    assert (scraped.status_code, scraped.json()["path"]) == (200, "/metrics")
    assert refused.status_code == 403
    assert dashboard.status_code == 200


def test_bodies_above_the_webs_limit_stop_at_nginx(site: NginxSite) -> None:
    # HTTP/1.1: over HTTP/2 the client would wait for flow-control credit nginx never grants a refused body
    with trusting(site, http2=False) as client:
        largest = client.post(site.https_url + "api/commands", content=b"x" * MAX_BODY_BYTES)
        too_large = client.post(site.https_url + "api/commands", content=b"x" * (MAX_BODY_BYTES + 1))

    assert (largest.status_code, largest.json()) == (200, {"received": MAX_BODY_BYTES})
    assert too_large.status_code == 413


def test_server_sent_events_pass_through_while_the_web_still_holds_the_stream(
    site: NginxSite, upstream: Upstream
) -> None:
    with trusting(site) as client, client.stream("GET", site.https_url + "api/stream?after=7") as response:
        lines = response.iter_lines()
        first = next(lines)
        held = not upstream.stream_ended.is_set()
        upstream.release.set()
        rest = list(lines)

    assert response.headers["content-type"] == "text/event-stream"
    assert first == "data: first"
    assert held, "nginx buffered the stream until the web ended it"
    assert "data: last" in rest
    # The stream's own location drops none of the forwarded headers
    assert upstream.stream_headers["x-forwarded-for"] == "127.0.0.1"
    assert upstream.stream_headers["x-forwarded-proto"] == "https"


def _connect(site: NginxSite) -> socket.socket:
    return socket.create_connection(("127.0.0.1", site.listeners.https), timeout=HOLD_S)
