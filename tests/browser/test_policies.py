"""The Content-Security-Policy in Chromium: the pages work under it (every browser test is
watched for refusals, tests/browser/conftest.py), the API docs included, and what it is for
holds: a script or style smuggled into a page does not run, and the watcher sees it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser import conftest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_under_the_policy(live_server: Any, page: Page) -> None:
    page.goto(f"{live_server.url}/api/v1/docs")
    title = page.locator(".swagger-ui .info .title")
    expect(title).to_contain_text("Strongroom API", timeout=60000)  # the document is large
    expect(page.locator(".opblock").first).to_be_visible()
    page.locator(".opblock-summary").first.click()  # an operation opens, with its schema
    expect(page.locator(".opblock-body").first).to_be_visible()


def test_an_injected_inline_script_and_style_are_refused(live_server: Any, page: Page) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    ran = page.evaluate(
        """() => {
            window.injected = false;
            const script = document.createElement("script");
            script.textContent = "window.injected = true;";
            document.body.append(script);
            const style = document.createElement("style");
            style.textContent = "body { margin-left: 123px; }";
            document.head.append(style);
            const image = document.createElement("img");
            image.src = "https://203.0.113.7/pixel.png";
            document.body.append(image);
            return window.injected;
        }"""
    )
    assert ran is False
    assert page.evaluate("getComputedStyle(document.body).marginLeft") != "123px"
    expected = {"script-src-elem", "style-src-elem", "img-src"}
    for _ in range(50):  # the browser reports them as events, a moment later
        if expected <= _refused():
            break
        page.wait_for_timeout(100)
    assert expected <= _refused()
    conftest.violations.clear()  # expected here: the test is that they were seen


def _refused() -> set[str]:
    """The directives named in the watcher's reports so far."""
    return {
        text.split()[2] for text in conftest.violations if text.startswith(conftest.VIOLATION)
    }
