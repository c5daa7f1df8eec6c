"""Configuration errors: one line, naming the key that is wrong."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError


class ConfigError(Exception):
    """A configuration value is missing or wrong; the message is one line that starts with the key."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


class SecretsError(ConfigError):
    """The secrets file or the environment does not give what the chosen mode needs."""


class SettingsError(ConfigError):
    """A runtime setting (config_store section) does not pass its schema."""


def problems(error: ValidationError, prefix: str) -> list[tuple[str, str]]:
    """Flatten marshmallow's nested messages into (dotted key, problem) pairs, sorted by key."""
    found: list[tuple[str, str]] = []
    _walk(error.messages, prefix, found)
    return sorted(found)


def from_validation(cls: type[ConfigError], error: ValidationError, prefix: str) -> ConfigError:
    """One ConfigError for all the problems of a validation: first key, every problem on one line."""
    found = problems(error, prefix) or [(prefix, "invalid")]
    key, problem = found[0]
    rest = "".join(f"; {k}: {p}" for k, p in found[1:])
    return cls(key, problem + rest)


def _walk(messages: Any, path: str, found: list[tuple[str, str]]) -> None:
    if isinstance(messages, dict):
        for name, inner in messages.items():
            child = path if name == "_schema" else f"{path}.{name}" if path else str(name)
            _walk(inner, child, found)
    elif isinstance(messages, (list, tuple)):
        for message in messages:
            _walk(message, path, found)
    else:
        found.append((path, _sentence(str(messages))))


def _sentence(message: str) -> str:
    """'Unknown field.' -> 'unknown field', to read well after 'key: '."""
    message = message.rstrip(".")
    return message[:1].lower() + message[1:]
