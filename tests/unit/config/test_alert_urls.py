"""alerts.urls in the secrets (ADR 0078): apprise URLs from the file or ALPHAENGINE_ALERT_URLS, kept secret, a bad one
refused naming where it is and never quoting its token."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.alerts.apprise_notifier import AppriseNotifier
from config.errors import SecretsError
from config.secrets import MAX_ALERT_URLS, load_secrets
from entrypoints.alerting import notifier_for
from ports.notifier import LoggedOnly

TOKEN = "123456789:AAE-canary-token"


def secrets_file(tmp_path: Path, urls: str) -> Path:
    path = tmp_path / "secrets.yaml"
    path.write_text(f"mode: sim\nalerts:\n  urls: {urls}\n", encoding="utf-8")
    return path


def test_the_file_lists_the_urls_as_secrets(tmp_path: Path) -> None:
    urls = f'["tgram://{TOKEN}/42", "jsons://hooks.example.com/alerts"]'

    secrets = load_secrets(secrets_file(tmp_path, urls), env={})

    assert [url.reveal() for url in secrets.alert_urls] == [f"tgram://{TOKEN}/42", "jsons://hooks.example.com/alerts"]
    assert TOKEN not in repr(secrets)


def test_the_variable_replaces_the_files_list_split_on_whitespace(tmp_path: Path) -> None:
    env = {"ALPHAENGINE_ALERT_URLS": "ntfys://ntfy.sh/topic  json://127.0.0.1:9/x"}

    secrets = load_secrets(secrets_file(tmp_path, '["discord://a/b"]'), env=env)

    assert [url.reveal() for url in secrets.alert_urls] == ["ntfys://ntfy.sh/topic", "json://127.0.0.1:9/x"]


def test_no_urls_means_alerts_are_logged_only(tmp_path: Path) -> None:
    secrets = load_secrets(secrets_file(tmp_path, "[]"), env={})

    assert secrets.alert_urls == () and isinstance(notifier_for(secrets), LoggedOnly)


def test_configured_urls_get_the_apprise_notifier(tmp_path: Path) -> None:
    secrets = load_secrets(secrets_file(tmp_path, '["json://127.0.0.1:9/x"]'), env={})

    assert isinstance(notifier_for(secrets), AppriseNotifier)


@pytest.mark.parametrize(
    ("urls", "field"),
    [
        ('["jsons://ok.example.com/a", "not a url"]', r"^alerts\.urls\.1: must be an apprise URL"),
        ('"tgram://x/y"', r"^alerts\.urls: not a valid list"),
        ('["' + "a" * 2050 + '://x"]', r"^alerts\.urls\.0: must be at most 2048 characters"),
        ("[" + ", ".join(['"json://h/x"'] * (MAX_ALERT_URLS + 1)) + "]", r"^alerts\.urls: must list at most 20"),
    ],
)
def test_a_malformed_list_is_refused_naming_the_field(tmp_path: Path, urls: str, field: str) -> None:
    with pytest.raises(SecretsError, match=field):
        load_secrets(secrets_file(tmp_path, urls), env={})


def test_an_unknown_key_under_alerts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secrets.yaml"
    path.write_text("alerts:\n  url: json://h/x\n", encoding="utf-8")

    with pytest.raises(SecretsError, match=r"^alerts\.url: unknown field"):
        load_secrets(path, env={})


def test_a_url_apprise_cannot_send_to_is_refused_naming_it_without_its_token(tmp_path: Path) -> None:
    urls = f'["json://127.0.0.1:9/x", "nosuchservice://{TOKEN}@host"]'
    secrets = load_secrets(secrets_file(tmp_path, urls), env={})

    with pytest.raises(SecretsError, match=r"^alerts\.urls\.1: apprise cannot send to this nosuchservice:// URL") as e:
        notifier_for(secrets)
    assert TOKEN not in str(e.value)
