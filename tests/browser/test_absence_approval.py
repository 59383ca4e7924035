"""In Chromium: an employee requests a vacation, the tag-matched team lead approves it from
the inbox, and the employee sees it approved (P-B2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from strongroom.platform.access import permissions as perms
from tests.absences.helpers import day, standard_types
from tests.approvals.helpers import give_tags, rule
from tests.auth import enrol_totp, totp_code
from tests.browser.conftest import new_context
from tests.conftest import World
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("STRONGROOM_SCREENSHOTS", "")  # a folder, to look at the pages


def _signed_in(browser: Browser, base: str, email: str, secret: str) -> Page:
    page = new_context(browser, viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_role("button", name="Don't Trust").click()
    return page


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_team_lead_approves_a_vacation(live_server, browser: Browser, world: World) -> None:
    employee, manager = world.a.members[perms.EMPLOYEE], world.a.members[perms.MANAGER]
    give_tags(employee, "team:oslo")
    give_tags(manager, "lead:oslo")
    rule(world.a, "absence", requester_tag="team:oslo", approver_tag="lead:oslo",
         name="Oslo absences")
    standard_types(world.a)
    base = live_server.url

    asking = _signed_in(browser, base, employee.user.email, enrol_totp(employee.user))
    asking.goto(f"{base}/c/acme/absences/new/")
    asking.get_by_label("Type").select_option(label="Vacation")
    asking.get_by_label("First day").fill(str(day(0)))
    asking.get_by_label("Last day").fill(str(day(4)))
    asking.get_by_label("Note").fill("Summer in Lofoten")
    _shot(asking, "absence-request")
    asking.get_by_role("button", name="Send request").click()
    expect(asking.locator(".facts")).to_contain_text("Waiting for approval")
    expect(asking.locator(".facts")).to_contain_text("5")

    lead = _signed_in(browser, base, manager.user.email, enrol_totp(manager.user))
    lead.goto(f"{base}/c/acme/approvals/")
    expect(lead.get_by_role("table")).to_contain_text("Vacation, 2031-03-03 to 2031-03-07")
    _shot(lead, "approval-inbox")
    lead.get_by_role("link", name="Decide").click()
    lead.get_by_label("Decision").select_option(label="Approve")
    lead.get_by_label("Comment").fill("Enjoy the trip")
    _shot(lead, "approval-request")
    lead.get_by_role("button", name="Send decision").click()
    expect(lead.locator(".messages")).to_contain_text("Approved.")
    expect(lead.get_by_text("Nothing is waiting for you.")).to_be_visible()

    asking.reload()
    expect(asking.locator(".facts")).to_contain_text("Approved")
    asking.goto(f"{base}/c/acme/absences/calendar/?month=2031-03")
    expect(asking.get_by_role("table")).to_contain_text(employee.user.display_name)
    _shot(asking, "absence-calendar")
    asking.goto(f"{base}/c/acme/absences/?year=2031")
    expect(asking.locator(".cards")).to_contain_text("20")
    _shot(asking, "absence-list")
