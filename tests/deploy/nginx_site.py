"""The shipped nginx site (deploy/nginx/alphaengine.conf) run by a real nginx, unprivileged, on free loopback ports.

`render_site` changes only the site's placeholders: the listen ports, the web's port, the certificate paths and the
challenge folder. Each must be found exactly as shipped, so the file under test is the file an operator installs.
The certificate is made on the fly with the openssl command line, for 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.tooling.child_process import stop_child, wait_until

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "deploy" / "nginx" / "alphaengine.conf"
NGINX = Path("/usr/sbin/nginx")
SERVER_NAME = "alphaengine.example.com"
SHIPPED_WEB_PORT = 8000
READY_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 10.0


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def ipv6_loopback() -> bool:
    try:
        free_port("::1")
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Listeners:
    """Where the rendered site listens: an IPv4 and a second address per shipped port ([::1] where the host has it)."""

    http: int
    https: int
    second_http: str
    second_https: str
    web: int

    @classmethod
    def free(cls, web: int) -> Listeners:
        # Without IPv6 the site's `[::]` listeners go to other IPv4 ports, so the lines still load
        second = "[::1]" if ipv6_loopback() else "127.0.0.1"
        host = second.strip("[]")
        return cls(free_port(), free_port(), f"{second}:{free_port(host)}", f"{second}:{free_port(host)}", web)


def render_site(text: str, listeners: Listeners, certificate: Path, key: Path, webroot: Path) -> str:
    """The shipped site with its placeholders replaced; a placeholder not found exactly as shipped is an error."""
    replacements = (
        ("listen 80;", f"listen 127.0.0.1:{listeners.http};"),
        ("listen [::]:80;", f"listen {listeners.second_http};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{listeners.https} ssl http2;"),
        ("listen [::]:443 ssl http2;", f"listen {listeners.second_https} ssl http2;"),
        (f"server 127.0.0.1:{SHIPPED_WEB_PORT};", f"server 127.0.0.1:{listeners.web};"),
        (f"/etc/letsencrypt/live/{SERVER_NAME}/fullchain.pem;", f"{certificate};"),
        (f"/etc/letsencrypt/live/{SERVER_NAME}/privkey.pem;", f"{key};"),
        ("root /var/www/html;", f"root {webroot};"),
    )
    for placeholder, value in replacements:
        if text.count(placeholder) != 1:
            raise ValueError(f"{SITE}: expected `{placeholder}` once, found it {text.count(placeholder)} times")
        text = text.replace(placeholder, value)
    return text


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "fullchain.pem", folder / "privkey.pem"
    request = ("-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2")
    subject = ("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
    files = ("-keyout", str(key), "-out", str(certificate))
    subprocess.run(["openssl", "req", *request, *subject, *files], check=True, capture_output=True)
    return certificate, key


def main_config(folder: Path, site: Path) -> str:
    """A main nginx.conf that keeps every file nginx writes inside `folder` and includes the site in http{}."""
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{_worker_user()}pid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} info;\n"
        "worker_processes 1;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    access_log {folder / 'access.log'};\n"
        f"{temp}\n"
        f"    include {site};\n"
        "}\n"
    )


def _worker_user() -> str:
    # Started by root, nginx would run its workers as nobody, who cannot read pytest's private temporary folders
    if os.geteuid() != 0:
        return ""
    import grp
    import pwd

    user = pwd.getpwuid(os.geteuid())
    return f"user {user.pw_name} {grp.getgrgid(user.pw_gid).gr_name};\n"


class NginxSite:
    """The shipped site in front of a web on 127.0.0.1:`web_port`; check() runs `nginx -t`, start() serves it."""

    def __init__(self, folder: Path, web_port: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.webroot = folder / "acme"
        self.webroot.mkdir(exist_ok=True)
        self.certificate, key = self_signed_certificate(folder)
        self.listeners = Listeners.free(web_port)
        self.site = folder / "alphaengine.conf"
        self.site.write_text(
            render_site(SITE.read_text(encoding="utf-8"), self.listeners, self.certificate, key, self.webroot),
            encoding="utf-8",
        )
        self.config = folder / "nginx.conf"
        self.config.write_text(main_config(folder, self.site), encoding="utf-8")
        self.https_url = f"https://127.0.0.1:{self.listeners.https}/"
        self.http_url = f"http://127.0.0.1:{self.listeners.http}/"
        self._process: subprocess.Popen[bytes] | None = None

    def command(self, *args: str) -> list[str]:
        if not NGINX.exists():
            raise RuntimeError(f"{NGINX} is missing: run `make test`, which installs Debian's nginx package")
        return [str(NGINX), "-p", str(self.folder), "-c", str(self.config), *args]

    def check(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command("-t"), capture_output=True, text=True, check=False)

    def start(self) -> None:
        log = (self.folder / "nginx.out").open("wb")
        with log:
            self._process = subprocess.Popen(self.command("-g", "daemon off;"), stdout=log, stderr=subprocess.STDOUT)
        if not wait_until(lambda: self._accepts(self.listeners.https), self._process, READY_TIMEOUT_S):
            self.stop()
            raise RuntimeError(f"nginx did not start:\n{self.log_text()}")

    def stop(self) -> None:
        # SIGTERM is nginx's fast stop: the graceful one (SIGQUIT) would wait for open event streams
        stop_child(self._process, STOP_TIMEOUT_S)

    def log_text(self) -> str:
        logs = [self.folder / "nginx.out", self.folder / "error.log"]
        return "\n".join(path.read_text(errors="replace")[-3000:] for path in logs if path.exists())

    @staticmethod
    def _accepts(port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False
