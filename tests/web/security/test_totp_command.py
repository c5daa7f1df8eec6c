"""`alphaengine user totp NAME [--disable]`, run as operators do: the URI and codes once, the secret sealed with
the web's secret, an unknown user refused in one line."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

from adapters.sqlite.connection import open_database
from adapters.sqlite.second_factor_store import SqliteSecondFactorStore
from config.secrets import load_secrets
from entrypoints.web.security.totp import RECOVERY_CODES, SecretBox, recovery_hash
from ports.second_factor_store import SecondFactor
from tests.web.security.test_user_command import alphaengine


def stored_factor(db: Path, name: str) -> SecondFactor | None:
    connection = open_database(db)
    try:
        return SqliteSecondFactorStore(connection).factor(name)
    finally:
        connection.close()


def test_user_totp_prints_the_uri_and_recovery_codes_once_and_stores_them_sealed_and_hashed(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    alphaengine(db, "user", "add", "alice", stdin="correct horse battery\n")

    result = alphaengine(db, "user", "totp", "alice")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    uri = next(line for line in lines if line.startswith("otpauth://totp/"))
    secret = parse_qs(urlparse(uri).query)["secret"][0]
    codes = [line.strip() for line in lines if line.startswith("  ")]
    factor = stored_factor(db, "alice")
    assert factor is not None and factor.enabled
    assert len(codes) == RECOVERY_CODES and factor.recovery_hashes == {recovery_hash(code) for code in codes}
    web_secret = load_secrets(None, env={}, exchange_keys=False).web_secret_key.reveal()
    assert SecretBox(web_secret).open("alice", factor.sealed_secret) == secret
    assert secret.encode() not in db.read_bytes()


def test_user_totp_disable_removes_it_and_an_unknown_user_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    alphaengine(db, "user", "add", "alice", stdin="correct horse battery\n")
    alphaengine(db, "user", "totp", "alice")

    disabled = alphaengine(db, "user", "totp", "alice", "--disable")
    unknown = alphaengine(db, "user", "totp", "bob")

    assert disabled.returncode == 0 and "second factor of 'alice' removed" in disabled.stdout
    assert stored_factor(db, "alice") is None
    assert unknown.returncode == 1 and unknown.stderr.strip() == "alphaengine: error: no user named 'bob'"
