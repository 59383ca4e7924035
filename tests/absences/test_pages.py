"""Absence pages: the request form with field errors, calendar, balances and types."""

from __future__ import annotations

from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.records.absences.models import AbsenceType
from tests.absences.helpers import day, standard_types
from tests.auth import sign_in
from tests.conftest import World


def _client(world: World, role: str) -> Client:
    client = Client()
    sign_in(client, world.a.user(role))
    return client


def test_request_form_shows_field_errors_then_succeeds(world: World) -> None:
    vacation = str(standard_types(world.a)["vacation"].pk)
    client = _client(world, perms.EMPLOYEE)
    form = {"absence_type": vacation, "start_date": str(day(4)), "end_date": str(day(0))}
    wrong = client.post("/c/acme/absences/new/", form)
    assert wrong.status_code == 200
    assert "The last day is before the first day." in wrong.content.decode()
    done = client.post("/c/acme/absences/new/", {**form, "start_date": str(day(0)),
                                                   "end_date": str(day(4)), "note": "Tour"})
    assert done.status_code == 302
    overlap = client.post("/c/acme/absences/new/", {**form, "start_date": str(day(2)),
                                                      "end_date": str(day(8))})
    assert "Overlaps vacation from" in overlap.content.decode()
    listing = client.get("/c/acme/absences/", {"year": 2031}).content.decode()
    assert "Tour" not in listing  # notes only on the absence's own page
    assert "waiting for approval" in listing


def test_calendar_balances_and_types(world: World) -> None:
    client = _client(world, perms.EMPLOYEE)
    assert client.get("/c/acme/absences/new/").status_code == 200
    assert "offers no absence types" in client.get("/c/acme/absences/new/").content.decode()
    admin = _client(world, perms.ADMIN)
    assert admin.post("/c/acme/absences/types/standard/").status_code == 302
    assert AbsenceType.objects.filter(company=world.a.company).count() == 5
    vacation = AbsenceType.objects.get(company=world.a.company, name="Vacation")
    member = world.a.members[perms.EMPLOYEE]
    saved = admin.post("/c/acme/absences/balances/", {
        "member": str(member.pk), "absence_type": str(vacation.pk), "year": "2031",
        "days": "30",
    })
    assert saved.status_code == 302
    client.post("/c/acme/absences/new/", {"absence_type": str(vacation.pk),
                                          "start_date": str(day(0)), "end_date": str(day(1))})
    balances = client.get("/c/acme/absences/balances/", {"year": 2031}).content.decode()
    assert "28 left of 30" in balances
    month = client.get("/c/acme/absences/calendar/", {"month": "2031-03"}).content.decode()
    assert world.a.user(perms.EMPLOYEE).display_name in month
    assert client.get("/c/acme/absences/calendar/", {"month": "nonsense"}).status_code == 200
    bad_type = admin.post("/c/acme/absences/types/add/", {"name": "Vacation",
                                                          "category": "vacation"})
    assert "already exists" in bad_type.content.decode()


def test_the_calendar_marks_holidays_today_and_kinds_of_absence(world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    from strongroom.records.absences.actions import requests

    vacation = standard_types(world.a)["vacation"]
    requests.request_absence(
        actor=world.a.actor(perms.EMPLOYEE), absence_type=vacation,
        start_date=dt.date(2031, 4, 7), end_date=dt.date(2031, 4, 18),
    )
    client = _client(world, perms.EMPLOYEE)
    april = client.get("/c/acme/absences/calendar/", {"month": "2031-04"}).content.decode()
    assert "Good Friday" in april
    assert 'class="free holiday"' in april  # Maundy Thursday, a weekday, shaded and named
    assert "mark mark--vacation mark--pending" in april
    assert "Vacation</li>" in april  # the legend names what the colours mean
    assert "Sick leave</li>" not in april  # only the kinds shown this month
    today = timezone.localdate()
    now = client.get("/c/acme/absences/calendar/", {"month": f"{today:%Y-%m}"}).content.decode()
    assert now.count('aria-current="date"') == (1 if 'class="absence-calendar"' in now else 0)


def test_the_request_form_starts_at_vacation_and_shows_what_is_left(world: World) -> None:
    vacation = standard_types(world.a)["vacation"]
    page = _client(world, perms.EMPLOYEE).get("/c/acme/absences/new/").content.decode()
    assert f'<option value="{vacation.pk}" selected>' in page
    left = f"Left this year: <strong>{vacation.yearly_entitlement:f}".replace(".0<", "<")
    assert left.rstrip("0").rstrip(".") in page
