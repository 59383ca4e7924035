"""Expense pages: a claim from start to payout, bad input as form errors, the mileage rate."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.records.expenses.models import ClaimStatus, ExpenseClaim
from tests.auth import sign_in
from tests.conftest import World
from tests.expenses.factories import line_fields as _line
from tests.expenses.factories import receipt, submitted_claim
from tests.files.samples import EXECUTABLE

pytestmark = pytest.mark.django_db
WEB = "/c/acme/expenses/"


def test_claim_from_start_to_payout(world: World) -> None:
    accountant = sign_in(Client(), world.a.user(perms.ACCOUNTANT))
    rate = accountant.post("/c/acme/settings/expenses/", {"mileage_rate": "4.50"})
    assert rate.status_code == 302
    employee = sign_in(Client(), world.a.user(perms.EMPLOYEE))
    created = employee.post(WEB + "new/", {"title": "Customer visit, Bergen"})
    assert created.status_code == 302
    claim = ExpenseClaim.objects.get(title="Customer visit, Bergen")
    one = f"{WEB}{claim.pk}/"
    assert employee.post(one + "lines/", _line()).status_code == 302
    trip = {"date": timezone.localdate().isoformat(), "description": "Oslo-Drammen",
            "distance_km": "40"}
    assert employee.post(one + "mileage/", trip).status_code == 302
    claim.refresh_from_db()
    assert str(claim.total) == "300.000"  # 120 + 40 km x 4.50
    assert employee.post(one + "submit/").status_code == 302
    owner = sign_in(Client(), world.a.user(perms.OWNER))
    assert owner.post(one + "decide/", {"decision": "approve"}).status_code == 302
    paid = accountant.post(one + "reimburse/",
                           {"reimbursed_on": timezone.localdate().isoformat()})
    assert paid.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REIMBURSED
    page = employee.get(one).content.decode()
    assert "receipt.pdf" in page
    assert "Reimbursed" in page


def test_rejection_needs_and_shows_a_comment(world: World) -> None:
    claim = submitted_claim(world.a)
    owner = sign_in(Client(), world.a.user(perms.OWNER))
    one = f"{WEB}{claim.pk}/"
    without = owner.post(one + "decide/", {"decision": "reject"})
    assert without.status_code == 422
    assert owner.post(one + "decide/", {"decision": "reject",
                                        "comment": "Split the private part."}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    employee = sign_in(Client(), world.a.user(perms.EMPLOYEE))
    assert "Split the private part." in employee.get(one).content.decode()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"amount": "-10"}, "more than zero"),
    ({"currency": "XXX"}, "Unknown currency"),
    ({"receipt": receipt("receipt.pdf", EXECUTABLE)}, ""),
])
def test_bad_line_is_a_form_error(world: World, overrides: dict[str, object],
                                  message: str) -> None:
    employee = sign_in(Client(), world.a.user(perms.EMPLOYEE))
    employee.post(WEB + "new/", {"title": "Trip"})
    claim = ExpenseClaim.objects.get(title="Trip")
    response = employee.post(f"{WEB}{claim.pk}/lines/", _line(**overrides))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not claim.lines.exists()


def test_mileage_rate_form_refuses_bad_rates(world: World) -> None:
    accountant = sign_in(Client(), world.a.user(perms.ACCOUNTANT))
    response = accountant.post("/c/acme/settings/expenses/", {"mileage_rate": "-1"})
    assert response.status_code == 422
    assert "more than zero" in response.content.decode()
