"""A manager opens the company in Chromium, on a laptop and on a phone: the dashboard says what
waits for them, the navigation keeps daily work apart from administration with a count on the
approvals link, and on a phone the navigation opens from a menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.absences.helpers import pending_step
from tests.auth import enrol_totp, totp_code
from tests.browser.conftest import new_context
from tests.browser.test_sign_in import _code_step, _password_step
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_the_dashboard_and_the_navigation(
    live_server, browser: Browser, world: World, tmp_path: Path, width: int, height: int
) -> None:
    approval = pending_step(world.a)
    approver = approval.steps.get().approvers.get().user
    secret = enrol_totp(approver)
    page = new_context(browser, viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(15000)
    _password_step(page, live_server.url, approver.email)
    _code_step(page, totp_code(secret))
    page.goto(f"{live_server.url}/c/acme/")

    card = page.get_by_role("region", name="Waiting for your approval")
    expect(card).to_contain_text("1 request")
    nav = page.get_by_role("navigation", name=world.a.company.name)
    work = nav.get_by_role("list", name="Work")
    administration = nav.get_by_role("list", name="Administration")
    inbox = work.get_by_role("link", name="Approvals")
    if width < 640:  # a phone: the menu first
        expect(inbox).to_be_hidden()
        nav.get_by_text("Menu").click()
    expect(inbox).to_be_visible()
    expect(inbox).to_contain_text("1")
    expect(administration.get_by_role("link", name="Audit log")).to_be_visible()
    expect(work.get_by_role("link", name="Audit log")).to_have_count(0)
    page.screenshot(path=str(tmp_path / f"dashboard-{width}.png"), full_page=True)
    inbox.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for your approval")
    page.context.close()
