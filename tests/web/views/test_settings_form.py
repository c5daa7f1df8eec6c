"""The settings form is generated from the settings schema: every section and field, with its kind and bounds."""

from __future__ import annotations

from config.settings import SECTIONS, default_sections
from entrypoints.web.views.settings_form import settings_forms


def test_every_field_of_every_section_has_an_input_in_the_schemas_order() -> None:
    forms = settings_forms()

    assert list(forms) == list(SECTIONS)
    assert {key: [spec["name"] for spec in specs] for key, specs in forms.items()} == {
        key: list(value) for key, value in default_sections().items()
    }


def test_each_input_says_what_the_schema_accepts() -> None:
    forms = {key: {spec["name"]: spec for spec in specs} for key, specs in settings_forms().items()}

    assert forms["risk"]["daily_loss_limit"] == {
        "name": "daily_loss_limit",
        "required": True,
        "kind": "decimal",
        "min": "0",
        "max": "1",
        "hint": "a decimal greater than 0 and at most 1",
    }
    assert forms["engine"]["poll_interval_sec"]["kind"] == "integer"
    assert (forms["engine"]["poll_interval_sec"]["min"], forms["engine"]["poll_interval_sec"]["max"]) == (1, 86400)
    assert "1m" in forms["strategy"]["timeframe"]["choices"]
    assert forms["strategy"]["params"]["kind"] == "params"
    assert forms["trading"]["symbol"]["hint"] == "must be 1-32 uppercase letters and digits (XRPUSDT)"
