"""Reconnect delays (exponential, jittered, capped, seedable) and the validation of stream timings."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from adapters.binance.stream import Backoff, StreamTiming
from adapters.binance.stream.watchdog import SessionWatchdog

OPENED = datetime(2026, 1, 1, tzinfo=UTC)


class TestBackoff:
    def test_the_first_retry_after_a_healthy_session_is_immediate(self) -> None:
        assert Backoff(rng=random.Random(1)).delay(0) == 0.0

    def test_each_failure_doubles_the_step_and_the_delay_stays_within_half_and_whole_step(self) -> None:
        backoff = Backoff(base=1.0, factor=2.0, cap=1000.0, rng=random.Random(3))

        delays = [backoff.delay(failures) for failures in range(1, 6)]

        for failures, delay in enumerate(delays, start=1):
            step = 2.0 ** (failures - 1)
            assert step / 2 <= delay <= step

    def test_delays_never_exceed_the_cap_even_after_very_many_failures(self) -> None:
        backoff = Backoff(base=0.5, cap=60.0, rng=random.Random(5))

        assert max(backoff.delay(failures) for failures in (10, 100, 10_000)) <= 60.0

    def test_the_same_seed_gives_the_same_delays(self) -> None:
        first, second = Backoff(rng=random.Random(42)), Backoff(rng=random.Random(42))

        assert [first.delay(n) for n in range(1, 8)] == [second.delay(n) for n in range(1, 8)]

    @pytest.mark.parametrize(
        ("kwargs", "problem"),
        [
            ({"base": 0}, "base and cap must be positive"),
            ({"cap": -1}, "base and cap must be positive"),
            ({"factor": 0.5}, "factor must be at least 1"),
        ],
    )
    def test_a_nonsensical_setting_is_refused_with_its_name(self, kwargs: dict, problem: str) -> None:
        with pytest.raises(ValueError, match=problem):
            Backoff(**kwargs)

    def test_a_negative_failure_count_is_refused(self) -> None:
        with pytest.raises(ValueError, match="cannot be negative"):
            Backoff().delay(-1)


class TestStreamTiming:
    def test_the_defaults_reopen_an_hour_before_binances_24_hour_cut(self) -> None:
        assert StreamTiming().max_connection_age == timedelta(hours=23)

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"tick": 0}, "tick"),
            ({"ping_timeout": -1}, "ping_timeout"),
            ({"silence_after": timedelta(0)}, "silence_after"),
            ({"max_connection_age": timedelta(seconds=-1)}, "max_connection_age"),
        ],
    )
    def test_a_non_positive_limit_is_refused_with_its_name(self, kwargs: dict, name: str) -> None:
        with pytest.raises(ValueError, match=name):
            StreamTiming(**kwargs)

    def test_reconnecting_on_silence_before_signalling_it_is_refused(self) -> None:
        with pytest.raises(ValueError, match="reconnect_after_silence must not be shorter"):
            StreamTiming(silence_after=timedelta(minutes=2), reconnect_after_silence=timedelta(minutes=1))


class TestSessionWatchdog:
    def watchdog(self, **overrides: object) -> SessionWatchdog:
        settings: dict = {"silence_after": timedelta(seconds=60), "reconnect_after_silence": timedelta(minutes=5)}
        return SessionWatchdog(StreamTiming(**{**settings, **overrides}), OPENED)

    def test_silence_is_reported_once_until_a_frame_arrives(self) -> None:
        watch = self.watchdog()

        reports = [watch.newly_silent(OPENED + timedelta(seconds=s)) for s in (59, 60, 90)]
        watch.saw_frame(OPENED + timedelta(seconds=100))

        assert reports == [False, True, False]
        assert watch.newly_silent(OPENED + timedelta(seconds=160)) is True

    def test_a_frame_pushes_the_silence_reconnect_back(self) -> None:
        watch = self.watchdog()
        watch.saw_frame(OPENED + timedelta(minutes=4))

        assert watch.reopen_reason(OPENED + timedelta(minutes=8)) is None
        assert "no frame for" in (watch.reopen_reason(OPENED + timedelta(minutes=9)) or "")

    def test_an_old_connection_is_reopened_even_while_frames_flow(self) -> None:
        watch = self.watchdog()
        watch.saw_frame(OPENED + timedelta(hours=23))

        assert "24-h cut" in (watch.reopen_reason(OPENED + timedelta(hours=23)) or "")

    def test_without_a_silence_limit_only_age_reopens(self) -> None:
        watch = self.watchdog(reconnect_after_silence=None)

        assert watch.reopen_reason(OPENED + timedelta(hours=22)) is None

    def test_a_session_is_stable_only_after_living_the_stable_time(self) -> None:
        watch = self.watchdog(stable_after=timedelta(seconds=60))
        watch.saw_frame(OPENED)

        assert watch.was_stable(OPENED + timedelta(seconds=59)) is False
        assert watch.was_stable(OPENED + timedelta(seconds=60)) is True
