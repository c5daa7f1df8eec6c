"""`alphaengine sim --fault NAME[:key=value,...]`: faults armed at start-up; a bad spec is an error naming it."""

from __future__ import annotations

import pytest

from adapters.simulator.faults.setting import FaultSetting
from entrypoints.cli import build_parser, main
from entrypoints.sim import SimSettings, banner, build_sim_app
from tests.simulator.server.support import KEY, SECRET, manual_simulation


def test_fault_options_are_repeatable_and_parsed_into_settings() -> None:
    args = build_parser().parse_args(["sim", "--fault", "ack_lost:seconds=30", "--fault", "unknown_503:placed=false"])
    assert args.fault == [("ack_lost", FaultSetting(seconds=30)), ("unknown_503", FaultSetting(placed=False))]


def test_no_fault_option_arms_nothing() -> None:
    assert build_parser().parse_args(["sim"]).fault == []


def test_a_malformed_fault_spec_exits_2_naming_the_spec_and_field(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["sim", "--fault", "latency:seconds=soon"])
    error = capsys.readouterr().err
    assert exited.value.code == 2
    assert "--fault" in error and "'latency:seconds=soon'" in error and "'seconds'" in error


def test_an_unknown_fault_name_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "--port", "1", "--fault", "gremlins"]) == 2
    assert "unknown fault 'gremlins'" in capsys.readouterr().err


def test_start_up_faults_are_armed_on_the_app() -> None:
    app = build_sim_app(manual_simulation(), {KEY: SECRET}, [("latency", FaultSetting(count=None, seconds=0.5))])
    assert app.config["SIM_FACE"].rest_faults.armed() == {"latency": FaultSetting(count=None, seconds=0.5)}


def test_the_banner_lists_the_armed_faults() -> None:
    text = banner(SimSettings(faults=(("storm_429", FaultSetting(count=5)),)))
    assert "fault armed: storm_429" in text
