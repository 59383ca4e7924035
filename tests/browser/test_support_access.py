"""Support access through Chromium: an admin grants it, an operator starts a session as a
member and sees the banner, and the company's support-access page lists the session (P-B5)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from strongroom.platform.access import permissions as perms
from tests.auth import enrol_totp, totp_code
from tests.browser.conftest import new_context
from tests.conftest import World
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, email: str, secret: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_role("button", name="Don't Trust").click()


def test_admin_grants_operator_impersonates_company_sees_the_session(
    live_server, browser: Browser, page: Page, world: World
) -> None:
    base = live_server.url
    admin, employee = world.a.user(perms.ADMIN), world.a.user(perms.EMPLOYEE)
    _sign_in(page, base, admin.email, enrol_totp(admin))
    page.goto(f"{base}/c/acme/")
    page.get_by_role("link", name="Support access").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support access")
    page.get_by_label("Duration").select_option(label="1 day")
    page.get_by_label("Full (may change records)").check()
    whose = f"{employee.display_name} <{employee.email}> · Employee"
    page.get_by_label("Whose view").select_option(label=whose)
    page.get_by_label("Note").fill("Ticket 4711: invoice totals")
    page.get_by_role("button", name="Grant access").click()
    expect(page.locator(".messages")).to_contain_text("Support access granted.")

    context = new_context(browser, viewport={"width": 1280, "height": 800})
    operator_page = context.new_page()
    operator_page.set_default_timeout(15000)
    try:
        _sign_in(operator_page, base, world.operator.email, enrol_totp(world.operator))
        operator_page.goto(f"{base}/ops/support/")
        expect(operator_page.locator("body")).to_contain_text("Ticket 4711: invoice totals")
        operator_page.get_by_role("link", name="Use").click()
        operator_page.get_by_label("Member's e-mail").fill(employee.email)
        operator_page.get_by_label("Reason").fill("Ticket 4711: totals look wrong")
        operator_page.get_by_role("button", name="Start support session").click()
        banner = operator_page.get_by_role("region", name="Support access")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text(f"acting as {employee.display_name}")
        expect(operator_page.get_by_role("heading", level=1)).to_contain_text("Acme AS")
        operator_page.goto(f"{base}/c/acme/members/")
        expect(banner).to_be_visible()
    finally:
        context.close()

    page.reload()
    sessions = page.locator("section", has=page.get_by_role("heading", name="Sessions"))
    expect(sessions).to_contain_text("Olivia Operator")
    expect(sessions).to_contain_text("Ticket 4711: totals look wrong")
    expect(sessions).to_contain_text("Running")
