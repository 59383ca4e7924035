"""Contacts pages: forms show field errors, lists filter and paginate, reads are logged."""

from __future__ import annotations

from typing import Any

from django.test import Client

from strongroom.platform.history.models import AccessRead
from strongroom.records.contacts.models import ContactPerson, Organisation
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person

BASE = "/c/acme/contacts/"


def test_add_organisation_shows_field_errors(world: World, manager_client: Client) -> None:
    response = manager_client.post(f"{BASE}add/", {"name": "Initech", "country": "XX"})
    assert response.status_code == 200
    assert b"Unknown country code" in response.content
    assert not Organisation.objects.exists()
    response = manager_client.post(
        f"{BASE}add/", {"name": "Initech", "country": "SE", "email": "post@initech.example"}
    )
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{organisation.pk}/"


def test_organisation_list_searches_filters_and_sorts(
    world: World, manager_client: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(60):
        make_organisation(world.a, name=f"Org {n:02d}", country="SE" if n % 2 else "NO")
    make_organisation(world.a, name="Fjordkraft AS", city="Tromsø")
    with django_assert_max_num_queries(12):
        page = manager_client.get(BASE).content.decode()
    assert "Page 1 of 2" in page
    assert "Org 00" in page
    found = manager_client.get(BASE, {"q": "tromsø"}).content.decode()
    assert "Fjordkraft AS" in found
    assert "Org 00" not in found
    swedish = manager_client.get(BASE, {"country": "se", "sort": "-name"}).content.decode()
    assert swedish.index("Org 59") < swedish.index("Org 01")
    assert "Org 00" not in swedish


def test_organisation_page_lists_its_people_and_logs_the_reads(
    world: World, manager_client: Client
) -> None:
    organisation = make_organisation(world.a)
    kari = make_person(world.a, organisation, name="Kari Nordmann")
    make_person(world.a, organisation, name="Anne Berg")
    page = manager_client.get(f"{BASE}{organisation.pk}/").content.decode()
    assert page.index("Anne Berg") < page.index("Kari Nordmann")
    reads = set(AccessRead.objects.values_list("object_type", "object_id", "purpose"))
    assert ("contacts.contactperson", str(kari.pk), "list") in reads


def test_person_pages(world: World, manager_client: Client) -> None:
    organisation = make_organisation(world.a)
    response = manager_client.post(
        f"{BASE}{organisation.pk}/people/add/", {"name": "Kari", "email": "kari@"}
    )
    assert b"Enter a valid e-mail address" in response.content
    response = manager_client.post(
        f"{BASE}{organisation.pk}/people/add/",
        {"name": "Kari Nordmann", "email": "kari@initech.example", "notes": "Prefers mornings"},
    )
    person = ContactPerson.objects.get()
    assert response["Location"] == f"{BASE}people/{person.pk}/"
    page = manager_client.get(response["Location"]).content.decode()
    assert "Prefers mornings" in page
    assert set(AccessRead.objects.filter(object_id=str(person.pk)).values_list(
        "object_type", "object_id", "purpose")) == {
        ("contacts.contactperson", str(person.pk), "view")
    }
    found = manager_client.get(f"{BASE}people/", {"email": "KARI@initech.example"})
    assert "Kari Nordmann" in found.content.decode()
    missing = manager_client.get(f"{BASE}people/", {"email": "kari@initech"})
    assert "No contact persons match" in missing.content.decode()


def test_delete_person_and_organisation(world: World, manager_client: Client) -> None:
    organisation = make_organisation(world.a)
    person = make_person(world.a, organisation)
    response = manager_client.post(f"{BASE}people/{person.pk}/delete/")
    assert response["Location"] == f"{BASE}{organisation.pk}/"
    assert not ContactPerson.objects.exists()
    make_person(world.a, organisation)
    response = manager_client.post(f"{BASE}{organisation.pk}/delete/")
    assert response["Location"] == BASE
    assert not Organisation.objects.exists()
    assert not ContactPerson.objects.exists()
