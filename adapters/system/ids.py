"""Random, globally unique ids from uuid4."""

from __future__ import annotations

import uuid

from ports.clock import IdGenerator


class UuidIds(IdGenerator):
    """32 lowercase hex digits (a uuid4 without dashes)."""

    def new_id(self) -> str:
        return uuid.uuid4().hex
