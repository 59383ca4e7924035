"""Legal holds and retention refusals on the web and in the API."""

from __future__ import annotations

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.platform.retention.models import LegalHold
from strongroom.records.documents.models import Document
from tests.auth import sign_in
from tests.conftest import World
from tests.documents.factories import make_document
from tests.invoices.factories import issued

pytestmark = pytest.mark.django_db
API = "/api/v1/companies/acme/legal-holds"
PAGE = "/c/acme/legal-holds/"


def _client(world: World, role: str = perms.ADMIN) -> Client:
    return sign_in(Client(), world.a.user(role))


def test_place_list_and_release_through_the_api(world: World) -> None:
    client = _client(world)
    document = make_document(world.a)
    placed = client.post(
        API, {"reason": "Litigation", "record_type": "documents.document",
              "record_id": str(document.pk)}, content_type="application/json",
    )
    assert placed.status_code == 201, placed.content
    hold = placed.json()
    assert (hold["active"], hold["reason"]) == (True, "Litigation")
    assert hold["covers"] == f"Document {str(document.pk)[:8]}"  # no title, which may be personal
    refused = client.delete(f"/api/v1/companies/acme/documents/{document.pk}")
    assert refused.status_code == 422
    assert "under a legal hold" in refused.json()["errors"]["__all__"][0]
    listed = client.get(API).json()
    assert [item["id"] for item in listed["items"]] == [hold["id"]]
    released = client.post(f"{API}/{hold['id']}/release", {"reason": "Settled"},
                           content_type="application/json")
    assert released.status_code == 200
    assert released.json()["active"] is False
    assert client.delete(f"/api/v1/companies/acme/documents/{document.pk}").status_code == 204


def test_an_issued_invoice_delete_says_until_when(world: World) -> None:
    invoice = issued(world.a)
    assert invoice.fiscal_year_end is not None
    client = _client(world, perms.ACCOUNTANT)
    response = client.delete(f"/api/v1/companies/acme/invoices/{invoice.pk}")
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        f"This invoice must be kept until 31 Dec {invoice.fiscal_year_end.year + 5} (Norwegian "
        "bookkeeping act: primary records, 5 years after the financial year)."
    ]
    page = client.post(f"/c/acme/invoices/{invoice.pk}/delete/", follow=True)
    assert "must be kept until 31 Dec" in page.content.decode()


def test_the_page_places_and_releases(world: World) -> None:
    client = _client(world)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "No legal hold is in place." in page.content.decode()
    response = client.post(PAGE, {"reason": "Tax audit 2027", "record_type": ""})
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    shown = client.get(PAGE).content.decode()
    assert "the whole company" in shown
    assert "Tax audit 2027" in shown
    document = make_document(world.a)
    refused = client.post(f"/c/acme/documents/{document.pk}/delete/", follow=True)
    assert "under a legal hold" in refused.content.decode()
    assert Document.objects.filter(pk=document.pk).exists()
    client.post(f"/c/acme/legal-holds/{hold.pk}/release/", {"reason": "Closed"})
    hold.refresh_from_db()
    assert hold.release_reason == "Closed"
    assert "Closed" in client.get(PAGE).content.decode()


def test_a_bad_target_is_a_form_error(world: World) -> None:
    response = _client(world).post(
        PAGE, {"reason": "x", "record_type": "invoices.invoice"}
    )
    assert response.status_code == 200
    assert "Name the record to hold." in response.content.decode()
    assert not LegalHold.objects.exists()


def test_the_auditor_sees_the_page_without_the_forms(world: World) -> None:
    page = _client(world, perms.AUDITOR).get(PAGE).content.decode()
    assert "Place a hold" not in page


def test_records_say_until_when_they_are_kept_or_held(world: World) -> None:
    client = _client(world, perms.ACCOUNTANT)
    invoice = issued(world.a)
    assert invoice.fiscal_year_end is not None
    page = client.get(f"/c/acme/invoices/{invoice.pk}/").content.decode()
    assert f"Kept until 31 Dec {invoice.fiscal_year_end.year + 5} (Norwegian" in page
    document = make_document(world.a)
    admin = _client(world)
    assert "retention-hint" not in admin.get(f"/c/acme/documents/{document.pk}/").content.decode()
    admin.post(PAGE, {"reason": "Tax audit 2027", "record_type": "documents.document",
                      "record_id": str(document.pk)})
    shown = admin.get(f"/c/acme/documents/{document.pk}/").content.decode()
    assert "Under a legal hold placed on Document" in shown
