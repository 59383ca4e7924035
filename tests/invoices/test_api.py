"""Invoices through the API: bad input as 422 field errors, immutability, PDF, query budget."""

from __future__ import annotations

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from tests.auth import sign_in
from tests.conftest import World
from tests.invoices.factories import draft, issued

pytestmark = pytest.mark.django_db
API = "/api/v1/companies/acme/invoices"
LINE = {"description": "Consulting", "quantity": "2", "unit_price": "1000.00", "vat_rate": "25"}


def _client(world: World) -> Client:
    return sign_in(Client(), world.a.user(perms.ACCOUNTANT))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"lines": [{**LINE, "unit_price": "-1"}]}, "lines.0.unit_price"),
        ({"lines": [{**LINE, "quantity": "abc"}]}, "lines.0.quantity"),
        ({"lines": [{**LINE, "vat_rate": "250"}]}, "lines.0.vat_rate"),
        ({"payment_terms_days": -3}, "payment_terms_days"),
        ({"customer_name": ""}, "customer_name"),
    ],
)
def test_bad_input_is_a_422(world: World, body: dict[str, object], field: str) -> None:
    payload = {"customer_name": "Fjord Shipping AS", "lines": [LINE], **body}
    response = _client(world).post(API, payload, content_type="application/json")
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


def test_create_issue_and_read(world: World) -> None:
    client = _client(world)
    created = client.post(API, {"customer_name": "Fjord", "lines": [LINE]},
                          content_type="application/json").json()
    assert (created["status"], created["gross_total"]) == ("draft", "2500.00")
    assert created["vat_breakdown"] == [{"rate": "25", "net": "2000.00", "vat": "500.00"}]
    issued_invoice = client.post(f"{API}/{created['id']}/issue").json()
    assert issued_invoice["number"].endswith("-00001")


def test_issued_invoice_cannot_be_changed_or_deleted(world: World) -> None:
    client = _client(world)
    invoice = issued(world.a)
    patch = client.patch(f"{API}/{invoice.pk}", {"customer_name": "X"},
                         content_type="application/json")
    assert patch.status_code == 422
    assert "status" in patch.json()["errors"]
    assert client.delete(f"{API}/{invoice.pk}").status_code == 422


def test_pdf(world: World) -> None:
    invoice = issued(world.a, customer_name="Øystein Ærø, Łódź AB")
    response = _client(world).get(f"{API}/{invoice.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert invoice.number in response["Content-Disposition"]


def test_list_has_a_fixed_query_budget(
    world: World, django_assert_max_num_queries: object
) -> None:
    client = _client(world)
    for _ in range(5):
        issued(world.a)
        draft(world.a)
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        response = client.get(API)
    assert response.json()["count"] == 10
