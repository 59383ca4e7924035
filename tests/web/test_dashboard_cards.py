"""The dashboard answers "what needs me?": each app's card shows what waits for the person in
its area, only to those who may see it, and notes the personal data it shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.history.models import AccessRead
from strongroom.records.absences.actions import requests
from strongroom.records.absences.permissions import ABSENCE_VIEW_ALL
from strongroom.records.expenses import actions as expense_actions
from strongroom.web import dashboard
from tests.absences.helpers import no_approval_type, pending_step
from tests.auth import sign_in
from tests.conftest import World
from tests.invoices.factories import draft
from tests.invoices.test_overdue import _issued

pytestmark = pytest.mark.django_db
DASHBOARD = "/c/acme/"


def _names(world: World, role: str) -> list[str]:
    return [card["name"] for card in dashboard.cards_for(HttpRequest(), world.a.actor(role))]


def test_an_empty_company_shows_no_cards(world: World) -> None:
    assert _names(world, perms.OWNER) == []
    page = sign_in(Client(), world.a.user(perms.OWNER)).get(DASHBOARD).content.decode()
    assert "grid--cards" not in page


def test_what_is_owed_shows_to_those_who_see_invoices_only(world: World) -> None:
    _issued(world.a, 30)
    draft(world.a)
    assert "invoices" in _names(world, perms.ACCOUNTANT)
    assert "invoices" not in _names(world, perms.EMPLOYEE)
    page = sign_in(Client(), world.a.user(perms.ACCOUNTANT)).get(DASHBOARD).content.decode()
    assert "Owed to you" in page
    assert "?status=overdue" in page
    employee = sign_in(Client(), world.a.user(perms.EMPLOYEE)).get(DASHBOARD).content.decode()
    assert "Owed to you" not in employee


def test_open_claims_are_the_persons_own_and_noted_as_read(world: World) -> None:
    actor = world.a.actor(perms.EMPLOYEE)
    claim = expense_actions.create_claim(actor=actor, title="Taxi to the airport")
    expense_actions.create_claim(actor=world.a.actor(perms.MANAGER), title="Manager's lunch")
    client = sign_in(Client(), world.a.user(perms.EMPLOYEE))
    before = AccessRead.objects.order_by("-id").values_list("id", flat=True).first() or 0
    page = client.get(DASHBOARD).content.decode()
    assert "Your open claims" in page
    assert "Taxi to the airport" in page
    assert "lunch" not in page
    noted = AccessRead.objects.filter(id__gt=before, object_id=str(claim.pk))
    assert list(noted.values_list("purpose", flat=True)) == ["list"]


def test_who_is_away_today_shows_to_those_who_may_see_it(world: World) -> None:
    today = timezone.localdate()
    employee = world.a.actor(perms.EMPLOYEE)
    requests.request_absence(
        actor=employee, absence_type=no_approval_type(world.a), start_date=today,
        end_date=today + dt.timedelta(days=2),
    )
    name = world.a.user(perms.EMPLOYEE).display_name
    admin = sign_in(Client(), world.a.user(perms.ADMIN)).get(DASHBOARD).content.decode()
    assert "Today:" in admin
    assert name in admin
    own = dashboard.cards_for(HttpRequest(), employee)
    (card,) = [entry["card"] for entry in own if entry["name"] == "absences"]
    assert [absence.member.user.display_name for absence in card["today"]] == [name]
    assert any(balance.absence_type.name == "Training" for balance in card["balances"])
    for role in (perms.ACCOUNTANT, perms.OWNER):
        if not policy.allows(world.a.actor(role), ABSENCE_VIEW_ALL):
            page = sign_in(Client(), world.a.user(role)).get(DASHBOARD).content.decode()
            assert name not in page


def test_requests_waiting_for_a_decision_lead_the_dashboard(world: World) -> None:
    step = pending_step(world.a)
    approver = step.steps.first().approvers.first()
    cards = dashboard.cards_for(HttpRequest(), world.a.actor(approver.role))
    names = [entry["name"] for entry in cards]
    assert names[0] == "approvals"
    page = sign_in(Client(), approver.user).get(DASHBOARD).content.decode()
    assert "Waiting for your approval" in page
    assert f"/c/acme/approvals/{step.pk}/" in page


def test_the_dashboard_counts_the_inbox_once_for_its_card_and_badge(world: World) -> None:
    step = pending_step(world.a)
    approver = step.steps.first().approvers.first()
    client = sign_in(Client(), approver.user)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(DASHBOARD).content.decode()
    assert '<span class="badge">1<span' in page
    counts = [
        query["sql"] for query in captured.captured_queries
        if query["sql"].startswith("SELECT COUNT(*)") and "approvals_" in query["sql"]
    ]
    assert len(counts) == 1, counts
    other = client.get("/c/acme/contacts/").content.decode()
    assert '<span class="badge">1<span' in other
