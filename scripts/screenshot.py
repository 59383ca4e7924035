#!/usr/bin/env python3
"""Take docs/screenshot-dashboard.png from a running Strongroom (``make run``) with Chromium.

usage: .venv/bin/python scripts/screenshot.py EMAIL PASSWORD [BASE_URL]

An account without a second factor is enrolled with an authenticator app on the way (the code
is computed with allauth's own TOTP functions, as an authenticator app would).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "screenshot-dashboard.png"


def current_code(secret: str) -> str:
    import os
    import time

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strongroom.project.settings")
    django.setup()
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


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
        if "/2fa/totp/activate/" in page.url:
            secret = page.locator("#authenticator_secret").input_value()
            page.get_by_label("Authenticator code").fill(current_code(secret))
            page.get_by_role("button", name="Activate").click()
            page.wait_for_load_state("networkidle")
            page.goto(f"{base}/")
            page.wait_for_load_state("networkidle")
        page.screenshot(path=str(OUTPUT), full_page=False)
        browser.close()
    print(f"screenshot: wrote {OUTPUT}")


if __name__ == "__main__":
    main()
