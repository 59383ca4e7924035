"""Acceptance (issue 3): in Chromium, an employee submits an expense with a receipt, the manager
whose tag the company's rule names approves it, and the employee sees it approved."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from strongroom.platform.access import permissions as perms
from strongroom.platform.accounts.models import User
from strongroom.records.approvals.models import ApprovalStep
from strongroom.records.expenses.models import ClaimStatus, ExpenseClaim
from tests.approvals.helpers import give_tags, rule
from tests.auth import enrol_totp, totp_code
from tests.browser.conftest import new_context
from tests.conftest import World
from tests.factories import TEST_PASSWORD
from tests.files.samples import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, user: User) -> None:
    secret = enrol_totp(user)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_role("button", name="Don't Trust").click()


def test_employee_submits_tag_matched_manager_approves(
    live_server, page: Page, browser: Browser, world: World
) -> None:
    employee, manager = world.a.members[perms.EMPLOYEE], world.a.members[perms.MANAGER]
    give_tags(employee, "team:oslo")
    give_tags(manager, "lead:oslo")
    rule(world.a, "expense", requester_tag="team:oslo", approver_tag="lead:oslo")
    base = live_server.url

    _sign_in(page, base, employee.user)
    page.goto(f"{base}/c/acme/expenses/new/")
    page.get_by_label("Title").fill("Customer visit, Bergen")
    page.get_by_role("button", name="Start claim").click()
    form = page.get_by_role("form", name="Add an expense")
    form.get_by_label("Date").fill("2020-01-01")  # too old: a field error, nothing saved
    form.get_by_label("Category").select_option("transport")
    form.get_by_label("Description").fill("Taxi from the airport")
    form.get_by_label("Amount").fill("-250")
    form.get_by_label("Currency").fill("NOK")
    form.get_by_label("Receipt").set_input_files(
        files=[{"name": "taxi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    form.get_by_role("button", name="Add expense").click()
    form = page.get_by_role("form", name="Add an expense")
    expect(form).to_contain_text("The amount must be more than zero.")
    form.get_by_label("Amount").fill("250.00")
    form.get_by_label("VAT included").fill("30.00")
    form.get_by_label("Receipt").set_input_files(
        files=[{"name": "taxi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    form.get_by_label("Date").fill("2020-01-01")
    form.get_by_role("button", name="Add expense").click()
    expect(page.get_by_role("form", name="Add an expense")).to_contain_text("three years ago")
    form = page.get_by_role("form", name="Add an expense")
    from django.utils import timezone

    form.get_by_label("Date").fill(timezone.localdate().isoformat())
    form.get_by_label("Receipt").set_input_files(
        files=[{"name": "taxi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    form.get_by_role("button", name="Add expense").click()
    expect(page.get_by_role("link", name="taxi.pdf")).to_be_visible()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("#claim-status")).to_have_text("Waiting for approval")
    claim_url = page.url

    claim = ExpenseClaim.objects.get(claimant=employee)
    step = ApprovalStep.objects.get(request__record_id=str(claim.pk), position=1)
    assert list(step.approvers.all()) == [manager]  # the tag rule chose the manager

    manager_context = new_context(browser)
    manager_page = manager_context.new_page()
    _sign_in(manager_page, base, manager.user)
    manager_page.goto(f"{base}/c/acme/expenses/")
    manager_page.get_by_role("link", name="Customer visit, Bergen").click()
    expect(manager_page.get_by_role("link", name="taxi.pdf")).to_be_visible()
    decision = manager_page.get_by_role("form", name="Decide")
    decision.get_by_label("Approve").check()
    decision.get_by_role("button", name="Record decision").click()
    expect(manager_page.locator("#claim-status")).to_have_text("Approved")
    manager_context.close()

    page.goto(claim_url)
    expect(page.locator("#claim-status")).to_have_text("Approved")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
