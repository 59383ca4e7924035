#!/usr/bin/env python3
"""Take docs/screenshot-dashboard.png from a running Strongroom (``make run``) with Chromium.

usage: .venv/bin/python scripts/screenshot.py EMAIL PASSWORD [BASE_URL]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "screenshot-dashboard.png"


def main() -> None:
    email, password = sys.argv[1], sys.argv[2]
    base = sys.argv[3] if len(sys.argv) > 3 else "http://127.0.0.1:8000"
    chromium = shutil.which("chromium")
    if not chromium:
        sys.exit("screenshot: install chromium first")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(OUTPUT), full_page=False)
        browser.close()
    print(f"screenshot: wrote {OUTPUT}")


if __name__ == "__main__":
    main()
