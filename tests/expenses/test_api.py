"""Expenses through the API: a receipt upload, bad input as 422 field errors, a fixed query
budget for the list."""

from __future__ import annotations

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from tests.auth import sign_in
from tests.conftest import World
from tests.expenses.factories import draft_claim, receipt
from tests.expenses.factories import line_fields as _line
from tests.files.samples import EXECUTABLE

pytestmark = pytest.mark.django_db
API = "/api/v1/companies/acme/expense-claims"


def test_receipt_upload_and_download(world: World) -> None:
    client = sign_in(Client(), world.a.user(perms.EMPLOYEE))
    claim = draft_claim(world.a, lines=0)
    response = client.post(f"{API}/{claim.pk}/lines", _line(currency="eur", exchange_rate="11.5"))
    assert response.status_code == 201, response.content
    line = response.json()["lines"][0]
    assert (line["claim_amount"], line["receipt_name"]) == ("1380.00", "receipt.pdf")
    download = client.get(f"{API}/{claim.pk}/lines/{line['id']}/receipt")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"currency": "XXX"}, "currency"),
        ({"amount": "-10"}, "amount"),
        ({"category": "yacht"}, "category"),
        ({"date": "2999-01-01"}, "date"),
        ({"vat_amount": "500"}, "vat_amount"),
        ({"currency": "EUR"}, "exchange_rate"),
        ({"amount": "ten"}, "amount"),
        ({"receipt": receipt("receipt.pdf", EXECUTABLE)}, "receipt"),
    ],
)
def test_bad_line_is_a_422_with_field_errors(
    world: World, overrides: dict[str, object], field: str
) -> None:
    client = sign_in(Client(), world.a.user(perms.EMPLOYEE))
    claim = draft_claim(world.a, lines=0)
    response = client.post(f"{API}/{claim.pk}/lines", _line(**overrides))
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


def test_list_has_a_fixed_query_budget(
    world: World, django_assert_max_num_queries: object
) -> None:
    client = sign_in(Client(), world.a.user(perms.ACCOUNTANT))
    for _ in range(6):
        draft_claim(world.a)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(API)
    assert response.json()["count"] == 6
