"""The page in Chromium (Playwright): its own policy lets its inline script run, the script
marks a page stale by the visitor's clock when the prober has stopped, and it fits a phone."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from strongroom.platform.status import page
from strongroom.platform.status.config import StatusConfig
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
from tests.status.helpers import seed

Config = Callable[..., StatusConfig]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def open_page(chromium: Browser, config: StatusConfig, *, width: int = 1280) -> dict:
    context = chromium.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        problems: list[str] = []
        tab.on("console", lambda message: problems.append(message.text))
        tab.on("pageerror", lambda error: problems.append(str(error)))
        tab.goto((config.public_dir / "index.html").as_uri())
        return {
            "problems": problems,
            "stale_hidden": tab.evaluate("document.getElementById('stale').hidden"),
            "html_class": tab.evaluate("document.documentElement.className"),
            "overflow": tab.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            ),
            "bar_width": tab.evaluate(
                "document.querySelector('.bars li').getBoundingClientRect().width"
            ),
        }
    finally:
        context.close()


def test_a_fresh_page_is_not_stale_and_runs_under_its_own_policy(
    chromium: Browser, make_config: Config
) -> None:
    config = make_config()
    now = int(time.time())
    seed(config, last=now)
    page.publish(config, now=now)
    seen = open_page(chromium, config)
    assert seen["problems"] == []  # no policy violation, no script error
    assert seen["stale_hidden"] is True
    assert seen["html_class"] == ""


def test_the_visitors_clock_marks_a_page_stale_when_the_prober_stopped(
    chromium: Browser, make_config: Config
) -> None:
    """Written right after its probe (not stale then), looked at ten minutes later."""
    config = make_config()
    then = int(time.time()) - 600
    seed(config, last=then)
    assert page.publish(config, now=then)["stale"] is False
    seen = open_page(chromium, config)
    assert seen["problems"] == []
    assert seen["stale_hidden"] is False
    assert seen["html_class"] == "is-stale"


def test_the_page_fits_a_phone(chromium: Browser, make_config: Config) -> None:
    config = make_config()
    now = int(time.time())
    seed(config, last=now)
    page.publish(config, now=now)
    seen = open_page(chromium, config, width=360)
    assert seen["overflow"] <= 0
    assert seen["bar_width"] > 2  # 90 bars still visible side by side
