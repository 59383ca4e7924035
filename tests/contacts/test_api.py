"""Contacts API: CRUD, field errors as 422 problems, exact lookups, query budgets, access log."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from strongroom.platform.history.models import AccessRead
from strongroom.records.contacts.models import ContactPerson
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person

API = "/api/v1/companies/acme"


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def _patch(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.patch(path, json.dumps(body), content_type="application/json")


def test_organisation_lifecycle(world: World, manager_client: Client) -> None:
    created = _post(manager_client, f"{API}/organisations", {
        "name": "Initech AS", "country": "NO", "vat_id": "no912345678mva",
    })
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["vat_id"] == "NO912345678MVA"
    path = f"{API}/organisations/{body['id']}"
    changed = _patch(manager_client, path, {"city": "Bergen"}).json()
    assert (changed["city"], changed["name"]) == ("Bergen", "Initech AS")
    assert manager_client.get(path).json()["city"] == "Bergen"
    history = manager_client.get(f"{path}/history").json()
    assert [entry["event"] for entry in history["items"]][:1] == ["organisation:updated"]
    assert history["count"] == 2
    assert manager_client.delete(path).status_code == 204
    assert manager_client.get(path).status_code == 404


def test_bad_input_is_a_422_with_field_errors(world: World, manager_client: Client) -> None:
    response = _post(manager_client, f"{API}/organisations", {
        "name": "Initech", "country": "XX", "email": "nope",
    })
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) == {"country", "email"}
    missing = _post(manager_client, f"{API}/organisations", {"country": "NO"})
    assert missing.status_code == 422
    assert "name" in missing.json()["errors"]
    too_long = _post(manager_client, f"{API}/organisations", {"name": "x" * 201, "country": "NO"})
    assert too_long.status_code == 422


def test_person_needs_a_visible_organisation(world: World, manager_client: Client) -> None:
    foreign = make_organisation(world.b)
    response = _post(manager_client, f"{API}/contact-persons", {
        "organisation_id": str(foreign.pk), "name": "Kari",
    })
    assert response.status_code == 422
    assert response.json()["errors"] == {"organisation_id": ["No such organisation."]}
    malformed = _post(manager_client, f"{API}/contact-persons", {
        "organisation_id": "not-a-uuid", "name": "Kari",
    })
    assert malformed.status_code == 422


def test_person_lifecycle_and_access_log(world: World, manager_client: Client) -> None:
    organisation = make_organisation(world.a)
    created = _post(manager_client, f"{API}/contact-persons", {
        "organisation_id": str(organisation.pk), "name": "Kari Nordmann",
        "email": "kari@initech.example",
    }).json()
    path = f"{API}/contact-persons/{created['id']}"
    assert manager_client.get(path).json()["email"] == "kari@initech.example"
    assert set(AccessRead.objects.filter(object_id=created["id"]).values_list(
        "object_type", "object_id", "purpose")) == {
        ("contacts.contactperson", created["id"], "view")
    }
    other = make_organisation(world.a)
    moved = _patch(manager_client, path, {"organisation_id": str(other.pk), "job_title": "CFO"})
    assert moved.json()["organisation_id"] == str(other.pk)
    assert manager_client.delete(path).status_code == 204
    assert not ContactPerson.objects.exists()


def test_person_list_filters_exactly_and_logs_each_read(
    world: World, manager_client: Client, django_assert_max_num_queries: Any
) -> None:
    organisation = make_organisation(world.a)
    people = [make_person(world.a, organisation) for _ in range(25)]
    make_person(world.a, name="Kari Nordmann", email="kari@initech.example")
    # 8 for the page (one reads the company's sign-in policy), at most 5 for writing its 20
    # reads to the access log in one batch.
    with django_assert_max_num_queries(13):
        page = manager_client.get(f"{API}/contact-persons", {"page_size": 20}).json()
    assert (page["count"], len(page["items"])) == (26, 20)
    assert AccessRead.objects.filter(purpose="list").count() == 20
    at_org = manager_client.get(
        f"{API}/contact-persons", {"organisation_id": str(organisation.pk), "page_size": 50}
    ).json()
    assert {p["id"] for p in at_org["items"]} == {str(p.pk) for p in people}
    kari = manager_client.get(f"{API}/contact-persons", {"email": "KARI@initech.example"}).json()
    assert [p["name"] for p in kari["items"]] == ["Kari Nordmann"]


def test_organisation_list_has_a_query_budget(
    world: World, manager_client: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(40):
        organisation = make_organisation(world.a, name=f"Org {n:02d}")
        make_person(world.a, organisation)
    with django_assert_max_num_queries(8):
        body = manager_client.get(f"{API}/organisations", {"page_size": 30, "sort": "-name"}).json()
    assert body["count"] == 40
    assert body["items"][0]["name"] == "Org 39"
    assert body["items"][0]["people_count"] == 1
