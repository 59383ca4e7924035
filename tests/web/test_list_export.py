"""List pages download their filtered rows as CSV or XLSX: decrypted for those who may see them,
safe to open in a spreadsheet, every row noted in the access log as an export before it is sent."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.platform.history.models import AccessRead
from strongroom.web.list_export import cell
from tests.auth import sign_in
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person
from tests.invoices.test_overdue import _issued

pytestmark = pytest.mark.django_db


def _rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _last_read_id() -> int:
    return AccessRead.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_contact_persons_download_decrypted_and_noted_as_exported(world: World) -> None:
    fjord = make_organisation(world.a, name="Fjord AS")
    kari = make_person(world.a, fjord, name="Kari Nordmann", phone="+47 912 34 567")
    sly = make_person(world.a, fjord, name="=HYPERLINK(\"http://evil.example\")")
    make_person(world.b, name="Other company")
    client = sign_in(Client(), world.a.user(perms.MANAGER))
    before = _last_read_id()
    response = client.get("/c/acme/contacts/people/", {"format": "csv"})
    assert 'attachment; filename="acme-contact-persons-' in response["Content-Disposition"]
    header, *rows = _rows(response)
    assert header[:3] == ["Name", "Job title", "E-mail"]
    by_name = {row[0]: row for row in rows}
    assert set(by_name) == {"Kari Nordmann", "'=HYPERLINK(\"http://evil.example\")"}
    assert by_name["Kari Nordmann"][3] == "'+47 912 34 567"  # a leading + is escaped too
    exported = AccessRead.objects.filter(id__gt=before, purpose="export")
    assert set(exported.values_list("object_id", flat=True)) == {str(kari.pk), str(sly.pk)}


def test_a_filtered_list_downloads_what_it_shows(world: World) -> None:
    late = _issued(world.a, 40)
    _issued(world.a, 0)
    client = sign_in(Client(), world.a.user(perms.ACCOUNTANT))
    page = client.get("/c/acme/invoices/", {"status": "overdue", "page": "1"}).content.decode()
    assert 'href="?status=overdue&amp;format=csv" download>CSV</a>' in page
    header, *rows = _rows(client.get("/c/acme/invoices/", {"status": "overdue", "format": "csv"}))
    assert [row[header.index("Id")] for row in rows] == [str(late.pk)]
    assert rows[0][header.index("Overdue")] == "yes"
    assert rows[0][header.index("Total")] == "2500.00"


def test_who_may_not_see_the_list_may_not_download_it(world: World) -> None:
    make_person(world.a, name="Kari Nordmann")
    before = _last_read_id()
    employee = sign_in(Client(), world.a.user(perms.EMPLOYEE))
    assert employee.get("/c/acme/invoices/", {"format": "csv"}).status_code == 404
    other = sign_in(Client(), world.b.user(perms.OWNER))
    assert other.get("/c/acme/contacts/people/", {"format": "csv"}).status_code == 404
    assert _last_read_id() == before


def test_the_audit_log_downloads_with_the_people_it_names_noted(world: World) -> None:
    make_organisation(world.a, name="Fjord AS")
    client = sign_in(Client(), world.a.user(perms.OWNER))
    before = _last_read_id()
    header, *rows = _rows(client.get("/c/acme/audit/", {"format": "csv"}))
    assert header[:3] == ["When", "Who", "E-mail"]
    assert any(row[header.index("Record")] == "Fjord AS" for row in rows)
    noted = AccessRead.objects.filter(id__gt=before, purpose="export")
    assert noted.filter(object_type="tenancy.membership").exists()


@pytest.mark.parametrize(
    ("value", "written"),
    [("=1+2", "'=1+2"), ("+47 22", "'+47 22"), ("-x", "'-x"), ("@sum", "'@sum"),
     ("\tx", "'\tx"), ("plain", "plain"), (None, ""), (True, "yes")],
)
def test_a_cell_never_starts_a_formula(value: object, written: str) -> None:
    assert cell(value) == written


def test_a_long_list_is_streamed_and_noted_a_chunk_at_a_time(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strongroom.records.contacts.actions.people import delete_contact_person
    from strongroom.web import list_export

    monkeypatch.setattr(list_export, "CHUNK", 2)
    people = [make_person(world.a, name=f"Person {n}") for n in range(5)]
    client = sign_in(Client(), world.a.user(perms.MANAGER))
    before = _last_read_id()
    response = client.get("/c/acme/contacts/people/", {"format": "csv"})
    exported = AccessRead.objects.filter(id__gt=before, purpose="export")
    assert exported.count() == 0  # nothing is read before it is sent
    lines = iter(response.streaming_content)
    next(lines)  # the headings
    assert exported.count() == 0
    next(lines)
    assert exported.count() == 2  # the first chunk, noted before its first line left
    first = set(exported.values_list("object_id", flat=True))
    gone = next(person for person in people if str(person.pk) not in first)
    delete_contact_person(actor=world.a.actor(perms.OWNER), person=gone)
    rest = [bytes(line).decode() for line in lines]
    assert exported.count() == 4
    assert len(rest) == 3  # the rest of the first chunk and two of the last three
    assert not any(f"{gone.name}," in line for line in rest)
    assert str(gone.pk) not in set(exported.values_list("object_id", flat=True))


def test_expense_claims_download_only_what_the_list_shows(world: World) -> None:
    from strongroom.records.expenses import actions as expense_actions

    own = expense_actions.create_claim(actor=world.a.actor(perms.EMPLOYEE), title="=Taxi")
    expense_actions.create_claim(actor=world.a.actor(perms.MANAGER), title="Manager's lunch")
    before = _last_read_id()
    client = sign_in(Client(), world.a.user(perms.EMPLOYEE))
    page = client.get("/c/acme/expenses/").content.decode()
    assert 'format=xlsx" download>XLSX</a>' in page
    header, *rows = _rows(client.get("/c/acme/expenses/", {"format": "csv"}))
    assert [row[header.index("Title")] for row in rows] == ["'=Taxi"]
    assert rows[0][header.index("Claimant")] == world.a.user(perms.EMPLOYEE).display_name
    exported = AccessRead.objects.filter(id__gt=before, purpose="export")
    assert list(exported.values_list("object_id", flat=True)) == [str(own.pk)]


def test_absences_download_with_their_days_and_are_noted(world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    from strongroom.records.absences.actions import requests
    from tests.absences.helpers import no_approval_type

    start = timezone.localdate().replace(month=3, day=2)
    absence = requests.request_absence(
        actor=world.a.actor(perms.EMPLOYEE), absence_type=no_approval_type(world.a),
        start_date=start, end_date=start + dt.timedelta(days=1),
    )
    before = _last_read_id()
    client = sign_in(Client(), world.a.user(perms.ADMIN))
    header, *rows = _rows(client.get("/c/acme/absences/", {"format": "csv"}))
    (row,) = [row for row in rows if row[header.index("Id")] == str(absence.pk)]
    assert row[header.index("Type")] == "Training"
    assert row[header.index("Start")] == start.isoformat()
    assert row[header.index("Member")] == world.a.user(perms.EMPLOYEE).display_name
    exported = AccessRead.objects.filter(id__gt=before, purpose="export")
    assert str(absence.pk) in set(exported.values_list("object_id", flat=True))
    other = sign_in(Client(), world.b.user(perms.OWNER))
    assert str(absence.pk) not in other.get("/c/acme/absences/", {"format": "csv"}).content.decode()


def test_the_access_log_downloads_with_its_readers_noted(world: World) -> None:
    make_person(world.a, name="Kari Nordmann")
    manager = sign_in(Client(), world.a.user(perms.MANAGER))
    manager.get("/c/acme/contacts/people/")
    owner = sign_in(Client(), world.a.user(perms.OWNER))
    before = _last_read_id()
    header, *rows = _rows(owner.get("/c/acme/access-log/", {"format": "csv"}))
    assert header[:3] == ["When", "Who", "E-mail"]
    readers = {row[header.index("E-mail")] for row in rows}
    assert world.a.user(perms.MANAGER).email in readers
    assert {row[header.index("Purpose")] for row in rows} >= {"list"}
    noted = AccessRead.objects.filter(id__gt=before, purpose="export")
    assert noted.filter(object_type="tenancy.membership").exists()
    assert sign_in(Client(), world.a.user(perms.EMPLOYEE)).get(
        "/c/acme/access-log/", {"format": "csv"}
    ).status_code == 404


def test_a_workbook_holds_typed_cells_and_never_a_formula(world: World) -> None:
    from openpyxl import load_workbook

    late = _issued(world.a, 40)
    fjord = make_organisation(world.a, name="Fjord AS")
    make_person(world.a, fjord, name="=HYPERLINK(\"http://evil.example\")", phone="+47 912")
    client = sign_in(Client(), world.a.user(perms.ACCOUNTANT))
    before = _last_read_id()
    response = client.get("/c/acme/invoices/", {"status": "overdue", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="acme-invoices-' in response["Content-Disposition"]
    assert '.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [row[header.index("Id")] for row in rows] == [str(late.pk)]
    assert rows[0][header.index("Total")] == 2500  # a number, not text
    assert rows[0][header.index("Overdue")] is True
    exported = AccessRead.objects.filter(id__gt=before, purpose="export")
    assert set(exported.values_list("object_id", flat=True)) == {str(late.pk)}
    manager = sign_in(Client(), world.a.user(perms.MANAGER))
    people = load_workbook(io.BytesIO(b"".join(
        manager.get("/c/acme/contacts/people/", {"format": "xlsx"}).streaming_content
    )))
    cells = [cell for row in people.active.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert "=HYPERLINK(\"http://evil.example\")" in [cell.value for cell in cells]
    assert "+47 912" in [cell.value for cell in cells]


def test_an_unknown_format_shows_the_page(world: World) -> None:
    client = sign_in(Client(), world.a.user(perms.MANAGER))
    response = client.get("/c/acme/contacts/people/", {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
