"""Screenshots of the key pages, at desktop (1280 px) and phone (375 px) width.

With SCREENSHOTS=1 they are written to docs/screenshots/ (the set kept in the repository);
otherwise to test-results/screenshots/, so the step is always exercised but the committed
pictures change only when asked for.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.support import FINDER_POSTCODE, key_pages, team_for_postcode

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}


def screenshot_folder() -> Path:
    if os.environ.get("SCREENSHOTS") == "1":
        return ROOT / "docs" / "screenshots"
    return ROOT / "test-results" / "screenshots"


@pytest.mark.parametrize("size", list(WIDTHS))
def test_screenshots_of_key_pages(size, new_context, live_server):
    folder = screenshot_folder()
    folder.mkdir(parents=True, exist_ok=True)
    phone = size == "phone"
    context = new_context(viewport=WIDTHS[size], is_mobile=phone, has_touch=phone, device_scale_factor=1)
    page = context.new_page()
    pages = key_pages(live_server)
    pages["finder-result"] = pages["home"]  # filled in below
    for name, url in pages.items():
        response = page.goto(url)
        assert response and response.ok, f"{url}: HTTP {response and response.status}"
        if name == "finder-result":
            field = page.get_by_role("main").get_by_label(re.compile(r"postcode", re.I))
            field.fill(FINDER_POSTCODE)
            field.press("Enter")  # with JavaScript, htmx swaps the result in: wait for it
            team = team_for_postcode(live_server, FINDER_POSTCODE)
            expect(page.get_by_role("heading", name=re.compile(re.escape(team)))).to_be_visible()
        page.screenshot(path=folder / f"{name}-{size}.png", full_page=True, animations="disabled", caret="hide")
    written = sorted(p.name for p in folder.glob(f"*-{size}.png"))
    print(f"\nscreenshots ({size}) in {folder}: {', '.join(written)}")
