"""Start-up refusal: production and testnet never serve with a weak web secret, or off loopback without TLS."""

from __future__ import annotations

import base64
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import anyio
import pytest

from config.secrets import load_secrets
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.web import build_web_container
from entrypoints.web import serve_web
from entrypoints.web.security.startup import GENERATE, UnsafeWebStartup, check_web_startup, is_loopback
from tests.cli.doctor.test_configured_values import WEB as DOCTOR_WEB
from tests.cli.test_database_mode import WEB_SECRET
from tests.web.api.conftest import SECRET as API_SECRET
from tests.web.tls import self_signed

REPO = Path(__file__).resolve().parents[3]
STRONG = "b3c1f0e2a9d84c7e8f6a5b4c3d2e1f00aa11bb22cc33dd44"


def _urlsafe(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@pytest.fixture
def tls(tmp_path: Path) -> tuple[Path, Path]:
    return self_signed(tmp_path)


@pytest.mark.parametrize("mode", ["production", "testnet"])
@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("change-me", "example value"),
        ("CHANGEME", "example value"),
        ("alphaengine-sim-web-secret-key-not-for-real-use", "example value"),
        ("short-but-random-9f8e", "shorter than 32"),
        ("a" * 32, "only 1 different character in 32, too few for a random key"),
        ("9f" * 32, "only 2 different characters in 64"),
        ("Z9y8X7w6" * 8, "only 8 different characters in 64"),
        ("12345678901234567890123456789012345678", r"about 126 bits of entropy \(38 characters from 10 symbols\)"),
        ("0123456789abcdef0123456789abcdef", "made of words, dates, sequences or repeats"),
        ("correcthorsebatterystaplecorrecthorse", "made of words, dates, sequences or repeats"),
        ("test-web-secret-0123456789abcdef0123456789abcdef", "made of words, dates, sequences or repeats"),
    ],
    ids=[
        "empty",
        "blank",
        "change-me",
        "changeme-upper",
        "sim-key",
        "short",
        "32-identical",
        "two-symbols-repeated",
        "one-word-repeated",
        "digits-only",
        "hex-sequence",
        "dictionary-words",
        "words-and-sequences",
    ],
)
def test_a_weak_secret_is_refused_in_real_modes(mode: str, secret: str, problem: str) -> None:
    with pytest.raises(UnsafeWebStartup, match=problem) as raised:
        check_web_startup(mode, secret, "127.0.0.1")

    assert str(raised.value).startswith("web.secret_key: ") and "\n" not in str(raised.value)
    assert str(raised.value).endswith("; set a random one: " + GENERATE)


@pytest.mark.parametrize(
    ("encode", "size"),
    [(bytes.hex, 16), (bytes.hex, 32), (_urlsafe, 24), (_urlsafe, 32)],
    ids=["hex-16", "hex-32", "urlsafe-24", "urlsafe-32"],
)
def test_keys_made_the_way_secrets_makes_them_pass_in_real_modes(encode: Callable[[bytes], str], size: int) -> None:
    # secrets.token_hex / token_urlsafe's encodings over seeded bytes: the same keys at every run
    draw = random.Random(size)
    for _ in range(50):
        check_web_startup("production", encode(draw.randbytes(size)), "127.0.0.1")


@pytest.mark.parametrize(
    "secret",
    [STRONG, WEB_SECRET, DOCTOR_WEB, API_SECRET],
    ids=["startup", "database-mode", "doctor", "web-api"],
)
def test_every_fixture_secret_used_in_testnet_or_production_passes(secret: str) -> None:
    check_web_startup("testnet", secret, "127.0.0.1")


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "dashboard.example.com"])
def test_a_non_loopback_bind_without_tls_is_refused_in_production(host: str) -> None:
    with pytest.raises(UnsafeWebStartup, match="not a loopback address and TLS is off"):
        check_web_startup("production", STRONG, host)


def test_a_non_loopback_bind_with_a_certificate_and_key_is_allowed(tls: tuple[Path, Path]) -> None:
    check_web_startup("production", STRONG, "0.0.0.0", *tls)


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "[::1]", "localhost", "127.0.0.53"])
def test_a_loopback_bind_with_a_strong_secret_is_allowed(host: str) -> None:
    check_web_startup("testnet", STRONG, host)

    assert is_loopback(host)


def test_sim_mode_is_not_guarded() -> None:
    check_web_startup("sim", "", "0.0.0.0")


def test_half_a_tls_setup_is_refused_in_every_mode(tls: tuple[Path, Path]) -> None:
    with pytest.raises(UnsafeWebStartup, match="both a certificate file and a key file"):
        check_web_startup("sim", "", "127.0.0.1", certfile=tls[0])


def test_a_missing_certificate_file_is_refused(tmp_path: Path, tls: tuple[Path, Path]) -> None:
    with pytest.raises(UnsafeWebStartup, match="certificate file .*missing.pem not found") as raised:
        check_web_startup("production", STRONG, "0.0.0.0", tmp_path / "missing.pem", tls[1])

    assert str(raised.value).startswith("--certfile: ")


def test_a_missing_key_file_is_refused_naming_the_flag(tmp_path: Path, tls: tuple[Path, Path]) -> None:
    with pytest.raises(UnsafeWebStartup, match=r"^--keyfile: key file .*gone.pem not found$"):
        check_web_startup("sim", "", "127.0.0.1", tls[0], tmp_path / "gone.pem")


def test_files_that_are_not_pem_are_refused_naming_the_flag(tmp_path: Path, tls: tuple[Path, Path]) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a certificate", encoding="utf-8")

    with pytest.raises(UnsafeWebStartup, match=r"^--certfile: .*notes.txt and --keyfile .* do not load as a PEM"):
        check_web_startup("sim", "", "127.0.0.1", text, tls[1])


def test_a_key_of_another_certificate_is_refused(tmp_path: Path, tls: tuple[Path, Path]) -> None:
    other = tmp_path / "other"
    other.mkdir()
    _, other_key = self_signed(other)

    with pytest.raises(UnsafeWebStartup, match=r"^--certfile: .* do not load as a PEM certificate and its private key"):
        check_web_startup("sim", "", "127.0.0.1", tls[0], other_key)


def production_secrets(tmp_path: Path, web_secret: str) -> Path:
    path = tmp_path / "secrets.yaml"
    path.write_text(
        f"mode: production\nproduction:\n  api_key: k\n  api_secret: s\nweb:\n  secret_key: {web_secret}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.anyio
async def test_serve_web_refuses_before_listening(tmp_path: Path) -> None:
    secrets = load_secrets(production_secrets(tmp_path, "change-me"), env={})
    container = build_web_container(secrets, in_memory_adapters(), host="127.0.0.1", port=1)

    with pytest.raises(UnsafeWebStartup, match="example value"):
        await serve_web(container, anyio.Event())


def test_alphaengine_web_exits_with_one_line_naming_the_problem(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALPHAENGINE_")}
    command = [
        sys.executable,
        "-m",
        "entrypoints.cli",
        "--db",
        str(tmp_path / "db.sqlite3"),
        "--secrets",
        str(production_secrets(tmp_path, STRONG)),
        "web",
        "--host",
        "0.0.0.0",
        "--port",
        "1",
    ]

    result = subprocess.run(command, check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)

    errors = [line for line in result.stderr.splitlines() if line.startswith("alphaengine:")]
    assert result.returncode == 2, result.stderr
    assert errors == [errors[0]] and "web.bind: 0.0.0.0 is not a loopback address" in errors[0]
    assert "Traceback" not in result.stderr
