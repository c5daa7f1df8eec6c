"""Adapter sets are interchangeable (ADR-0008): same provider names, every port satisfied, resources released."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import apsw
import pytest
from dependency_injector import containers, errors, providers

from application.projector import Projector
from config.secrets import Secrets, load_secrets
from entrypoints.containers.adapters import PORTS, InMemoryAdapters, SqliteAdapters, in_memory_adapters, sqlite_adapters
from entrypoints.containers.bot import BotContainer, build_bot_container
from entrypoints.containers.web import WebContainer, build_web_container


@pytest.fixture
def secrets(tmp_path: Path) -> Secrets:
    empty = tmp_path / "secrets.yaml"
    empty.write_text("mode: sim\n", encoding="utf-8")
    return load_secrets(empty, env={})


@pytest.fixture(params=["sqlite", "memory"])
def adapters(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[containers.DeclarativeContainer]:
    built = sqlite_adapters(tmp_path / "db.sqlite3") if request.param == "sqlite" else in_memory_adapters()
    yield built
    built.shutdown_resources()


def test_both_adapter_sets_have_the_same_provider_names() -> None:
    assert set(SqliteAdapters.providers) == set(InMemoryAdapters.providers)


def test_the_provider_names_are_the_ports_plus_config() -> None:
    assert set(SqliteAdapters.providers) == set(PORTS) | {"config"}


@pytest.mark.parametrize("build", [build_bot_container, build_web_container])
def test_every_port_resolves_to_an_instance_of_its_port(
    build: object,
    secrets: Secrets,
    adapters: containers.DeclarativeContainer,
) -> None:
    container = build(secrets, adapters)  # type: ignore[operator]

    for name, port in PORTS.items():
        assert isinstance(getattr(container.adapters, name)(), port), name


def test_a_container_resolves_each_port_to_one_shared_instance(
    secrets: Secrets,
    adapters: containers.DeclarativeContainer,
) -> None:
    bot = build_bot_container(secrets, adapters)
    web = build_web_container(secrets, adapters)

    assert bot.adapters.event_store() is web.adapters.event_store() is adapters.event_store()


def test_the_bot_container_builds_a_projector_on_either_set(
    secrets: Secrets,
    adapters: containers.DeclarativeContainer,
) -> None:
    projector = build_bot_container(secrets, adapters).projector()

    assert isinstance(projector, Projector)
    assert projector.catch_up() == 0


@pytest.mark.parametrize("container_type", [BotContainer, WebContainer])
def test_a_container_without_adapters_fails_at_build_time(container_type: type) -> None:
    with pytest.raises(errors.Error, match="undefined dependencies"):
        container_type().check_dependencies()


def test_an_adapter_that_is_not_its_port_is_refused(secrets: Secrets) -> None:
    WrongAdapters = type(
        "WrongAdapters",
        (containers.DeclarativeContainer,),
        {
            "config": providers.Configuration(),
            **{name: providers.Object(object()) for name in PORTS},
        },
    )

    container = build_bot_container(secrets, WrongAdapters())

    with pytest.raises(errors.Error, match="is not an instance of"):
        container.adapters.event_store()


def test_shutting_down_closes_the_sqlite_connection(secrets: Secrets, tmp_path: Path) -> None:
    adapters = sqlite_adapters(tmp_path / "db.sqlite3")
    container = build_bot_container(secrets, adapters)
    container.adapters.event_store().last_seq()
    [resource] = list(container.traverse(types=[providers.Resource]))
    connection = resource()

    container.shutdown_resources()

    assert not resource.initialized
    with pytest.raises(apsw.ConnectionClosedError):
        connection.execute("select 1")


def test_two_sqlite_sets_open_two_connections(tmp_path: Path) -> None:
    first, second = sqlite_adapters(tmp_path / "a.sqlite3"), sqlite_adapters(tmp_path / "b.sqlite3")
    try:
        first.event_store().last_seq(), second.event_store().last_seq()

        assert (tmp_path / "a.sqlite3").exists() and (tmp_path / "b.sqlite3").exists()
    finally:
        first.shutdown_resources()
        second.shutdown_resources()
