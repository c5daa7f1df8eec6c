"""ConfigStore contract: versioned writes, optimistic concurrency, canonical JSON values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ports.config_store import ConfigEntry, ConfigStore
from ports.errors import ConfigVersionConflict
from tests.contract.samples import at


def put(store: ConfigStore, key: str, value: object, expected: int | None = None, n: int = 1) -> ConfigEntry:
    return store.put(key, value, expected_version=expected, updated_by="web", now=at(n))


class TestWriting:
    def test_putting_a_new_key_creates_version_one(self, config_store: ConfigStore) -> None:
        entry = put(config_store, "risk", {"max_positions": 1})

        assert entry == ConfigEntry("risk", {"max_positions": 1}, 1, at(1), "web")
        assert config_store.get("risk") == entry

    def test_each_put_increments_the_version(self, config_store: ConfigStore) -> None:
        for n in range(1, 4):
            put(config_store, "risk", {"n": n}, n=n)

        entry = config_store.get("risk")
        assert (entry.version, entry.value, entry.updated_at) == (3, {"n": 3}, at(3))

    def test_a_matching_expected_version_writes_the_next_version(self, config_store: ConfigStore) -> None:
        put(config_store, "risk", 1)

        assert put(config_store, "risk", 2, expected=1).version == 2

    def test_an_expected_version_mismatch_raises_and_writes_nothing(self, config_store: ConfigStore) -> None:
        put(config_store, "risk", "first")
        put(config_store, "risk", "second")

        with pytest.raises(ConfigVersionConflict) as raised:
            put(config_store, "risk", "stale", expected=1)

        assert (raised.value.expected, raised.value.actual) == (1, 2)
        assert config_store.get("risk").value == "second"

    def test_expected_version_zero_creates_only_when_absent(self, config_store: ConfigStore) -> None:
        created = put(config_store, "risk", "mine", expected=0)

        with pytest.raises(ConfigVersionConflict) as raised:
            put(config_store, "risk", "theirs", expected=0)

        assert created.version == 1 and raised.value.actual == 1
        assert config_store.get("risk").value == "mine"

    def test_an_expected_version_for_an_absent_key_conflicts_at_zero(self, config_store: ConfigStore) -> None:
        with pytest.raises(ConfigVersionConflict) as raised:
            put(config_store, "risk", "x", expected=3)

        assert raised.value.actual == 0 and config_store.get("risk") is None

    @pytest.mark.parametrize(
        ("key", "expected", "by"),
        [("", None, "web"), ("risk", -1, "web"), ("risk", None, "")],
        ids=["empty-key", "negative-version", "nobody"],
    )
    def test_malformed_writes_are_refused(
        self,
        config_store: ConfigStore,
        key: str,
        expected: int | None,
        by: str,
    ) -> None:
        with pytest.raises(ValueError):
            config_store.put(key, 1, expected_version=expected, updated_by=by, now=at(1))

        assert config_store.all() == []

    @pytest.mark.parametrize("value", [{1, 2}, float("nan"), object()], ids=["set", "nan", "object"])
    def test_a_value_that_is_not_json_ready_is_refused(self, config_store: ConfigStore, value: object) -> None:
        with pytest.raises(ValueError, match="JSON"):
            put(config_store, "risk", value)

        assert config_store.get("risk") is None


class TestReading:
    def test_get_of_an_unknown_key_is_none(self, config_store: ConfigStore) -> None:
        assert config_store.get("nothing") is None

    def test_all_returns_every_entry_sorted_by_key(self, config_store: ConfigStore) -> None:
        for key in ("strategy", "engine", "risk"):
            put(config_store, key, key.upper())

        entries = [(e.key, e.value) for e in config_store.all()]

        assert entries == [("engine", "ENGINE"), ("risk", "RISK"), ("strategy", "STRATEGY")]

    def test_json_values_round_trip(self, config_store: ConfigStore) -> None:
        value = {
            "strategy": {"name": "sma_cross", "params": {"fast": 10, "slow": 20}},
            "on": True,
            "none": None,
            "ratio": 0.25,
            "big": 8389766058155948588,
            "list": [1, "two", 3.5],
            "text": "ünïcode",
        }

        put(config_store, "all", value)

        assert config_store.get("all").value == value

    def test_decimals_are_stored_as_their_exact_text(self, config_store: ConfigStore) -> None:
        written = put(config_store, "risk", {"max_risk_per_trade": Decimal("0.020"), "limits": [Decimal("1E+3")]})

        read = config_store.get("risk").value

        assert read == written.value == {"max_risk_per_trade": "0.020", "limits": ["1E+3"]}
        assert str(Decimal(read["max_risk_per_trade"])) == "0.020"

    def test_the_value_handed_out_is_a_copy(self, config_store: ConfigStore) -> None:
        written = put(config_store, "risk", {"symbols": ["BTCUSDT"]})

        written.value["symbols"].append("ETHUSDT")
        config_store.get("risk").value["symbols"].append("XRPUSDT")

        assert config_store.get("risk").value == {"symbols": ["BTCUSDT"]}
        assert config_store.all()[0].value == {"symbols": ["BTCUSDT"]}
