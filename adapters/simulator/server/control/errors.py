"""How the /_sim/ API refuses a request: an HTTP status and a JSON body naming the problem (and the field)."""

from __future__ import annotations

from typing import Any


class ControlError(Exception):
    """A /_sim/ request refused with `status`; `field` names the body field at fault, when one is."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field = field

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": str(self)}
        if self.field is not None:
            body["field"] = self.field
        return body


def bad_field(field: str, problem: str) -> ControlError:
    return ControlError(400, f"{field}: {problem}", field)
