"""Reaching into a bot container as build_bot_container left it, for tests that set a plugged set's own providers."""

from __future__ import annotations

from dependency_injector import containers

from entrypoints.containers.bot import BotContainer


def plugged_exchange(bot: BotContainer) -> containers.Container:
    """The exchange set plugged into `bot` (the Binance one unless another was given): override its providers (the
    Binance set's `sleep`, `rest_options`) before the bot builds its gateway."""
    plugged = bot.exchange.last_overriding
    assert plugged is not None, "build_bot_container always plugs an exchange set"
    exchange: containers.Container = plugged()
    return exchange
