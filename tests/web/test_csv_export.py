"""List pages download their filtered rows as CSV: decrypted for those who may see them, safe to
open in a spreadsheet, every row noted in the access log as an export before it is sent."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.platform.history.models import AccessRead
from strongroom.web.csv_export import cell
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
    assert 'href="?status=overdue&amp;format=csv" download>Download as CSV' in page
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
