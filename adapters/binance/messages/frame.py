"""What a user-data frame is, read before its body: the event type, a combined-stream envelope, a subscription reply."""

from __future__ import annotations

from typing import Any

import msgspec


class FrameHead(msgspec.Struct, frozen=True):
    """`e` is whatever the frame holds there (the translator refuses a non-string); the rest of the frame is skipped."""

    e: Any = None
    stream: Any = msgspec.UNSET
    data: msgspec.Raw | None = None
    result: Any = msgspec.UNSET
    id: Any = msgspec.UNSET

    @property
    def is_envelope(self) -> bool:
        return self.stream is not msgspec.UNSET and self.data is not None

    @property
    def is_reply(self) -> bool:
        return self.e is None and self.result is not msgspec.UNSET and self.id is not msgspec.UNSET


_HEAD = msgspec.json.Decoder(FrameHead)


def frame_head(text: str | bytes | msgspec.Raw) -> FrameHead:
    """Raises msgspec.DecodeError for text that is not JSON, msgspec.ValidationError for JSON that is not an object."""
    return _HEAD.decode(text)
