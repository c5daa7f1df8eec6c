"""The dashboard's picture in docs/, taken by the browser test that runs the real demo (README shows it)."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page

PICTURE = Path(__file__).resolve().parents[3] / "docs" / "dashboard.png"


async def photograph(page: Page, picture: Path = PICTURE) -> Path:
    """Write the page's top (what a reader sees first) to `picture` as PNG, the folder made if missing."""
    picture.parent.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(picture), full_page=False)
    return picture
