"""Issue 11 scenario 1: `rebuild` names an unfoldable stored event in one line (exit 1); `events show` prints it;
a text argument no store can hold exits 2 naming it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from adapters.sqlite.connection import open_database
from tests.cli.test_version_and_rebuild import append_events
from tests.harness.unfoldable import store_as_an_old_version_did

if TYPE_CHECKING:
    from tests.cli.conftest import Cli


def arrange_an_unfoldable_event(cli: Cli) -> int:
    cli.db.parent.mkdir(parents=True)
    append_events(cli.db, 2)
    connection = open_database(cli.db)
    try:
        return store_as_an_old_version_did(connection, "old-1")
    finally:
        connection.close()


def test_rebuild_names_the_unfoldable_event_in_one_line_and_exits_1(cli: Cli) -> None:
    seq = arrange_an_unfoldable_event(cli)

    result = cli.run("rebuild")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    error = result.stderr.splitlines()[-1]
    assert error.startswith(f"alphaengine: error: event {seq} (engine.state_changed.v1) cannot be folded: ")
    assert error.endswith(f"see it with `alphaengine events show {seq}`")
    assert [line for line in result.stderr.splitlines() if line.startswith("alphaengine")] == [error]


def test_events_show_prints_the_stored_event_with_its_text_escaped(cli: Cli) -> None:
    seq = arrange_an_unfoldable_event(cli)

    result = cli.run("events", "show", str(seq))

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["seq"], shown["event_type"], shown["event_id"]) == (seq, "engine.state_changed.v1", "old-1")
    assert shown["payload"]["reason"] == "\ud800" and "\\ud800" in result.stdout


def test_events_show_of_a_seq_past_the_end_says_where_the_log_ends(cli: Cli) -> None:
    cli.db.parent.mkdir(parents=True)
    append_events(cli.db, 2)

    result = cli.run("events", "show", "9")

    assert (result.returncode, result.stderr) == (1, "alphaengine: no event 9 (the log ends at 2)\n")


def test_a_text_argument_no_store_can_hold_exits_2_naming_it(cli: Cli) -> None:
    result = cli.run("user", "api-key", "alice", "--label", "ops\x1b[31m")

    assert (result.returncode, result.stderr) == (
        2,
        "alphaengine: argument label: must not contain control characters or unpaired surrogates\n",
    )


def test_a_config_value_whose_json_holds_a_lone_surrogate_exits_2_naming_it(cli: Cli) -> None:
    result = cli.run("config", "set", "trading.symbol", '"\\ud800"')

    assert (result.returncode, result.stderr) == (
        2,
        "alphaengine: argument value: must not contain control characters or unpaired surrogates\n",
    )
