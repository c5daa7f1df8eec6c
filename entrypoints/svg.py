"""The frame of the hand-drawn SVG charts (the trial's equity chart, the bench's scale chart): one white page with a
centred title around the panels a chart draws."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def document(width: int, height: int, title: str, body: Sequence[str], font_family: str | None = None) -> str:
    """The SVG text of a `width` × `height` page titled `title` holding the elements `body`."""
    font = f' font-family="{font_family}"' if font_family else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"{font} font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="14">{escape(title)}</text>',
        *body,
        "</svg>",
    ]
    return "\n".join(parts) + "\n"
