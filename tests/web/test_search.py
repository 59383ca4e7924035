"""The header's search box: one page, grouped by type, only what the member's role may see,
and every record it shows noted in the access log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.platform.history.models import AccessRead
from tests.auth import sign_in
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person
from tests.documents.factories import make_document
from tests.expenses.factories import draft_claim
from tests.factories import MembershipFactory, UserFactory
from tests.invoices.factories import draft

SEARCH = "/c/acme/search/"


@pytest.fixture
def records(world: World) -> dict[str, Any]:
    organisation = make_organisation(world.a, name="Bergen Fjordkraft AS")
    return {
        "person": make_person(world.a, organisation, name="Linnea Berg", phone="+47 912 34 567"),
        "twin": make_person(world.b, name="Linnea Bergstrøm"),
        "invoice": draft(world.a, customer_name="Bjørnvik Shipping AS"),
        "document": make_document(world.a, title="Berg framework agreement"),
        "claim": draft_claim(world.a, title="Trip to Bergen"),
    }


def _client(world: World, role: str) -> Client:
    client = Client()
    sign_in(client, world.a.user(role))
    return client


def _sections(html: str) -> list[str]:
    return [title for title in ("People", "Organisations", "Invoices", "Documents",
                                "Expense claims") if f">{title}</h2>" in html]


def test_an_accountant_finds_every_kind_of_record(
    world: World, records: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = _client(world, perms.ACCOUNTANT)
    with django_assert_max_num_queries(40):
        page = client.get(SEARCH, {"q": "berg"})
    html = page.content.decode()
    assert page.status_code == 200
    assert _sections(html) == ["People", "Organisations", "Invoices", "Documents",
                               "Expense claims"]
    for shown in ("Linnea Berg", "Bergen Fjordkraft AS", "Berg framework agreement",
                  "Trip to Bergen"):
        assert shown in html
    assert "Bergstrøm" not in html  # another company's person
    assert f"/c/acme/contacts/people/{records['person'].pk}/" in html
    logged = set(AccessRead.objects.filter(purpose="list").values_list("object_id", flat=True))
    assert {str(records["person"].pk), str(records["claim"].pk)} <= logged
    by_customer = client.get(SEARCH, {"q": "bjornvik"}).content.decode()
    assert "Bjørnvik Shipping AS" in by_customer
    assert f"/c/acme/invoices/{records['invoice'].pk}/" in by_customer
    by_phone = client.get(SEARCH, {"q": "912 34"}).content.decode()
    assert "Linnea Berg" in by_phone


def test_each_section_only_for_a_role_that_may_see_it(
    world: World, records: dict[str, Any]
) -> None:
    html = _client(world, perms.EMPLOYEE).get(SEARCH, {"q": "berg"}).content.decode()
    assert _sections(html) == ["People", "Organisations", "Documents", "Expense claims"]
    assert "Bjørnvik" not in _client(world, perms.EMPLOYEE).get(
        SEARCH, {"q": "bjornvik"}
    ).content.decode()
    manager = _client(world, perms.MANAGER).get(SEARCH, {"q": "bergen"}).content.decode()
    assert "Trip to Bergen" not in manager  # another member's claim, not theirs to see
    user = UserFactory(email="reader@acme.test")  # "Reader": company.view and member.view
    MembershipFactory(company=world.a.company, user=user, role=perms.CUSTOM,
                      custom_role=world.a.custom_role)
    reader = sign_in(Client(), user).get(SEARCH, {"q": "berg"})
    assert reader.status_code == 200
    assert _sections(reader.content.decode()) == []
    assert "Linnea Berg" not in reader.content.decode()


def test_the_header_has_the_box_and_an_empty_query_finds_nothing(
    world: World, records: dict[str, Any]
) -> None:
    client = _client(world, perms.MANAGER)
    dashboard = client.get("/c/acme/").content.decode()
    assert 'role="search"' in dashboard
    assert 'action="/c/acme/search/"' in dashboard
    empty = client.get(SEARCH, {"q": "  "}).content.decode()
    assert _sections(empty) == []
    assert not AccessRead.objects.filter(purpose="list").exists()
    assert client.get(SEARCH, {"q": "x" * 101}).status_code == 200
