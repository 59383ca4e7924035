"""Playwright driving the machine's Chromium (Debian package) against the live test server.

Every page a test opens is watched for the browser refusing something under the
Content-Security-Policy or Permissions-Policy (a blocked script, style, image, form target or
an unknown feature): the test fails with what was refused and where."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Each refusal, as the page itself sees it (run before any script of the page, outside its CSP).
VIOLATION = "Policy violation:"
REPORT_VIOLATIONS = (
    'document.addEventListener("securitypolicyviolation", (event) => console.error('
    f'"{VIOLATION} " + event.effectiveDirective + " refused " + (event.blockedURI || "inline")'
    ' + " on " + document.location.pathname));'
)
# The same as the browser reports it on the console (also for what the page cannot see).
BROWSER_REFUSALS = ("Content Security Policy", "Permissions-Policy", "Permissions policy")
violations: list[str] = []


def new_context(browser: Browser, **options: object) -> BrowserContext:
    """A browser context whose pages are watched for policy violations."""
    context = browser.new_context(**options)  # type: ignore[arg-type]
    context.add_init_script(REPORT_VIOLATIONS)
    context.on("console", _note_violation)
    return context


def _note_violation(message: ConsoleMessage) -> None:
    if message.text.startswith(VIOLATION) or any(
        words in message.text for words in BROWSER_REFUSALS
    ):
        violations.append(message.text)


@pytest.fixture(autouse=True)
def no_policy_violations() -> Iterator[None]:
    """Fail a test whose pages had anything refused by the page's policies."""
    violations.clear()
    yield
    found, violations[:] = list(violations), []
    if found:
        pytest.fail("The browser refused under the page's policies:\n" + "\n".join(found))


def chromium_path() -> str:
    path = os.environ.get("STRONGROOM_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module. Playwright's sync API keeps an event loop running in this
    thread, so Django is told to allow sync database access until the loop is gone again."""
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = new_context(browser, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
