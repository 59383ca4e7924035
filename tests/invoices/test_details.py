"""The issuer's invoice details and the customer organisation: checked input, the snapshot at
issue, and the organisation's invoices."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.records.contacts import actions as contact_actions
from strongroom.records.invoices import actions, issuer, selectors
from tests.auth import sign_in
from tests.conftest import World
from tests.contacts.factories import make_organisation
from tests.invoices.factories import draft, issued

pytestmark = pytest.mark.django_db
SETTINGS = "/api/v1/companies/acme/invoice-settings"
INVOICES = "/api/v1/companies/acme/invoices"


def test_iban_checksum() -> None:
    assert issuer.iban_is_valid("NO9386011117947")
    assert issuer.iban_is_valid("DE89370400440532013000")
    assert not issuer.iban_is_valid("NO9386011117948")  # one digit off
    assert not issuer.iban_is_valid("9386011117947")


@pytest.mark.parametrize(("field", "value"), [
    ("iban", "NO93 8601 1117 948"), ("bic", "DNB"), ("payment_terms_days", 400),
    ("account_number", "call me"),
])
def test_bad_settings_are_field_errors_in_the_api(world: World, field: str, value: object) -> None:
    client = sign_in(Client(), world.a.user(perms.ADMIN))
    response = client.patch(SETTINGS, {field: value}, content_type="application/json")
    assert response.status_code == 422, response.content
    assert field in response.content.decode()


def test_web_settings_show_errors_and_save(world: World) -> None:
    client = sign_in(Client(), world.a.user(perms.ADMIN))
    page = "/c/acme/settings/invoicing/"
    bad = client.post(page, {"iban": "NO93 8601 1117 948", "payment_terms_days": "14"})
    assert bad.status_code == 422
    assert "not a valid IBAN" in bad.content.decode()
    good = client.post(page, {"legal_name": "Acme Holding AS", "iban": "no9386011117947",
                              "bic": "dnbanokk", "payment_terms_days": "21"})
    assert good.status_code == 302
    saved = client.get(SETTINGS).json()
    assert (saved["iban"], saved["bic"], saved["payment_terms_days"]) == (
        "NO93 8601 1117 947", "DNBANOKK", 21)


def test_issue_copies_the_details_and_later_changes_leave_it(world: World) -> None:
    admin = world.a.actor(perms.ADMIN)
    actions.set_invoice_settings(actor=admin, legal_name="Acme AS", vat_id="NO923456781MVA",
                                 iban="NO9386011117947", payment_terms_days=30)
    invoice = issued(world.a)
    assert draft(world.a).payment_terms_days == 30  # the company's default terms
    actions.set_invoice_settings(actor=admin, legal_name="Acme Renamed AS", iban="")
    invoice.refresh_from_db()
    assert (invoice.seller_name, invoice.seller_vat_id) == ("Acme AS", "NO923456781MVA")
    assert invoice.seller_bank_account == "IBAN NO93 8601 1117 947"
    client = sign_in(Client(), world.a.user(perms.ACCOUNTANT))
    sheet = client.get(f"/c/acme/invoices/{invoice.pk}/print/").content.decode()
    assert "Acme AS" in sheet
    assert "NO93 8601 1117 947" in sheet
    assert "Renamed" not in sheet
    assert client.get(f"/c/acme/invoices/{invoice.pk}/pdf/").status_code == 200


def test_customer_organisation_fills_snapshots_and_filters(world: World) -> None:
    organisation = make_organisation(world.a, name="Fjord Shipping AS", address="Kaien 4",
                                     postal_code="5013", city="Bergen",
                                     organisation_number="987654321")
    client = sign_in(Client(), world.a.user(perms.ACCOUNTANT))
    response = client.post(INVOICES, {
        "customer_organisation_id": str(organisation.pk),
        "lines": [{"description": "Consulting", "quantity": "1", "unit_price": "100",
                   "vat_rate": "25"}],
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["customer_name"] == "Fjord Shipping AS"
    assert body["customer_address"] == "Kaien 4\n5013 Bergen"
    contact_actions.update_organisation(actor=world.a.actor(perms.ADMIN),
                                        organisation=organisation,
                                        fields={"name": "Fjord Shipping ASA"})
    issued_body = client.post(f"{INVOICES}/{body['id']}/issue").json()
    assert issued_body["customer_name"] == "Fjord Shipping ASA"  # copied again at issue
    draft(world.a)  # another customer's
    listed = client.get(INVOICES, {"organisation": str(organisation.pk)}).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    page = client.get(f"/c/acme/contacts/{organisation.pk}/").content.decode()
    assert issued_body["number"] in page


def test_other_company_organisation_is_a_field_error(world: World) -> None:
    foreign = make_organisation(world.b)
    client = sign_in(Client(), world.a.user(perms.ACCOUNTANT))
    response = client.post(INVOICES, {"customer_organisation_id": str(foreign.pk)},
                           content_type="application/json")
    assert response.status_code == 422
    assert "customer_organisation" in response.content.decode()


def test_issue_date_keeps_the_series_in_date_order(world: World) -> None:
    accountant = world.a.actor(perms.ACCOUNTANT)
    today = timezone.localdate()
    first = actions.issue_invoice(actor=accountant, invoice=draft(world.a),
                                  issue_date=today - dt.timedelta(days=3))
    assert first.issue_date == today - dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="earlier date"):
        actions.issue_invoice(actor=accountant, invoice=draft(world.a),
                              issue_date=today - dt.timedelta(days=4))
    with pytest.raises(ValidationError, match="future"):
        actions.issue_invoice(actor=accountant, invoice=draft(world.a),
                              issue_date=today + dt.timedelta(days=1))
    assert selectors.invoices(accountant, status="issued").count() == 1


def test_the_web_form_picks_a_customer_from_contacts(world: World) -> None:
    organisation = make_organisation(world.a, name="Fjord Shipping AS", city="Bergen")
    foreign = make_organisation(world.b, name="Globex Customer AB")
    client = sign_in(Client(), world.a.user(perms.ACCOUNTANT))
    form = client.get("/c/acme/invoices/new/").content.decode()
    assert "Fjord Shipping AS" in form
    assert "Globex Customer AB" not in form  # only one's own company's contacts
    lines = {"lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
             "lines-0-description": "Advice", "lines-0-quantity": "1",
             "lines-0-unit_price": "100", "lines-0-vat_rate": "25"}
    post = {"currency": "NOK", "payment_terms_days": "14", **lines}
    refused = client.post("/c/acme/invoices/new/", {**post, "customer_organisation": foreign.pk})
    assert refused.status_code == 422
    assert "Select a valid choice" in refused.content.decode()
    assert client.post("/c/acme/invoices/new/", post).status_code == 422  # no customer at all
    saved = client.post("/c/acme/invoices/new/", {**post, "customer_organisation": organisation.pk})
    assert saved.status_code == 302
    invoice = selectors.invoices(world.a.actor(perms.ACCOUNTANT)).get()
    assert (invoice.customer_name, invoice.customer_organisation_id) == (
        "Fjord Shipping AS", organisation.pk)
    edit = client.get(f"/c/acme/invoices/{invoice.pk}/edit/").content.decode()
    assert f'value="{organisation.pk}" selected' in edit
