"""What a view declares about itself for the OpenAPI document: inputs, replies, tag (the `operation` decorator)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from marshmallow import Schema

View = TypeVar("View", bound=Callable[..., Any])
JsonSchema = dict[str, Any]

_ATTRIBUTE = "__openapi__"


@dataclass(frozen=True)
class OneOf:
    """A body that is one of several schemas, told apart by the value of `discriminator`."""

    variants: Mapping[str, type[Schema]]
    discriminator: str = "type"


@dataclass(frozen=True)
class Reply:
    description: str
    schema: type[Schema] | None = None
    media_type: str = "application/json"
    raw: JsonSchema | None = None


@dataclass(frozen=True)
class Operation:
    summary: str
    tag: str
    responses: dict[int, Reply]
    query: type[Schema] | None = None
    body: type[Schema] | OneOf | None = None
    path: dict[str, JsonSchema] = field(default_factory=dict)
    headers: dict[str, JsonSchema] = field(default_factory=dict)


def operation(summary: str, tag: str, responses: dict[int, Reply], **inputs: Any) -> Callable[[View], View]:
    """Attach an Operation to a view; put it below the route decorator (inputs: query, body, path, headers)."""

    def attach(view: View) -> View:
        setattr(view, _ATTRIBUTE, Operation(summary, tag, responses, **inputs))
        return view

    return attach


def operation_of(view: Callable[..., Any] | None) -> Operation | None:
    """The Operation declared on `view` or on a function it wraps, if any."""
    while view is not None:
        declared: Operation | None = getattr(view, _ATTRIBUTE, None)
        if declared is not None:
            return declared
        view = getattr(view, "__wrapped__", None)
    return None
