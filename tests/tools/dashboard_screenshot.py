"""Screenshot the dashboard on the real demo into docs/dashboard.png (`python -m tests.tools.dashboard_screenshot`)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import anyio
from playwright.async_api import async_playwright, expect

from tests.web.browser.conftest import CHROMIUM, CHROMIUM_ARGS, log_in
from tests.web.browser.demo_process import DemoProcess

TARGET = Path(__file__).resolve().parents[2] / "docs" / "dashboard.png"
FIRST_TRADE_MS = 120_000
# A few more candles and fills after the first one make a more telling picture
SETTLE_S = 8


async def screenshot(target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        demo = DemoProcess(Path(folder))
        demo.start()
        try:
            await _shoot(demo, target)
        finally:
            demo.stop()


async def _shoot(demo: DemoProcess, target: Path) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        await log_in(page, demo.url, demo.user, demo.password)
        await expect(page.locator("#trades tr[data-trade-id]").first).to_be_visible(timeout=FIRST_TRADE_MS)
        await anyio.sleep(SETTLE_S)
        await page.screenshot(path=str(target), full_page=True)
        await browser.close()


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    anyio.run(screenshot, target, backend="asyncio")
    print(f"saved {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
