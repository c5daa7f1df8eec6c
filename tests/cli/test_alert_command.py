"""`alphaengine alert` (ADR 0078): systemd's OnFailure= unit says the bot is down; `test` tries the configured URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.alerts import TITLES, AlertKind
from entrypoints.cli import main
from tests.harness.alert_receiver import alert_receiver, closed_port


@pytest.fixture
def sim_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("ALPHAENGINE_ALERT_URLS", raising=False)
    path = tmp_path / "secrets.yaml"
    path.write_text("mode: sim\n", encoding="utf-8")
    return path


def test_bot_down_reaches_the_receiver_naming_the_unit(
    sim_secrets: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with alert_receiver() as receiver:
        monkeypatch.setenv("ALPHAENGINE_ALERT_URLS", receiver.url)

        code = main(["alert", "bot-down", "--unit", "alphaengine-bot.service", "--secrets", str(sim_secrets)])

        [post] = receiver.posts
    assert code == 0 and "alert sent to 1 URLs" in capsys.readouterr().out
    assert post["title"] == f"AlphaEngine: {TITLES[AlertKind.BOT_DOWN]} (alphaengine-bot.service)"
    assert "journalctl -u alphaengine-bot" in post["message"]


def test_a_test_alert_says_it_is_one(sim_secrets: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with alert_receiver() as receiver:
        monkeypatch.setenv("ALPHAENGINE_ALERT_URLS", receiver.url)

        assert main(["alert", "test", "--secrets", str(sim_secrets)]) == 0

    assert receiver.titles() == ["AlphaEngine: test alert"]


def test_an_unreachable_url_exits_1(sim_secrets: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALPHAENGINE_ALERT_URLS", f"json://127.0.0.1:{closed_port()}/alerts")

    assert main(["alert", "test", "--secrets", str(sim_secrets)]) == 1


def test_without_urls_the_alert_is_logged_only(sim_secrets: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alert", "bot-down", "--secrets", str(sim_secrets)]) == 0
    assert "no alert URLs configured" in capsys.readouterr().out


def test_a_bad_url_is_a_config_error_naming_the_field(
    sim_secrets: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ALPHAENGINE_ALERT_URLS", "json://127.0.0.1:9/x nosuchservice://secret@host")

    assert main(["alert", "test", "--secrets", str(sim_secrets)]) == 2
    err = capsys.readouterr().err
    assert "alerts.urls.1: apprise cannot send" in err and "secret@host" not in err
