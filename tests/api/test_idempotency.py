"""P-F5: an API write retried with its Idempotency-Key is done once and answered as the first."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.idempotency import answers
from strongroom.platform.idempotency.models import IdempotentWrite
from strongroom.project.api import api
from strongroom.records.contacts.models import ContactPerson, Organisation
from strongroom.records.documents.models import Document
from tests.conftest import World
from tests.contacts.factories import make_organisation
from tests.factories import make_api_key
from tests.files import samples

A = "/api/v1/companies/acme"


def keyed(world: World, role: str = perms.MANAGER, company: str = "a") -> Client:
    membership = getattr(world, company).members[role]
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_api_key(membership)[1]}")


def post(client: Client, path: str, body: Any, key: str | None) -> Any:
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def test_a_retried_create_is_answered_as_the_first_and_writes_once(world: World) -> None:
    client, key = keyed(world), str(uuid.uuid4())
    first = post(client, f"{A}/organisations", {"name": "Initech AS", "country": "NO"}, key)
    again = post(client, f"{A}/organisations", {"name": "Initech AS", "country": "NO"}, key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Organisation.objects.filter(company=world.a.company).count() == 1
    fresh = post(client, f"{A}/organisations", {"name": "Initech AS", "country": "NO"}, None)
    assert fresh.status_code == 201  # no key: a new write every time
    assert Organisation.objects.filter(company=world.a.company).count() == 2


def test_the_same_key_with_another_request_is_refused(world: World) -> None:
    client, key = keyed(world), "order-2026-0001"
    first = post(client, f"{A}/organisations", {"name": "One", "country": "NO"}, key)
    assert first.status_code == 201
    other = post(client, f"{A}/organisations", {"name": "Two", "country": "NO"}, key)
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["type"].endswith("idempotency-key-reused")
    elsewhere = post(client, f"{A}/tags", {"name": "One"}, key)  # same body, other path
    assert elsewhere.status_code == 422
    assert [o.name for o in Organisation.objects.filter(company=world.a.company)] == ["One"]


def test_a_failed_write_keeps_nothing_and_runs_again(world: World) -> None:
    client, key = keyed(world), str(uuid.uuid4())
    bad = post(client, f"{A}/organisations", {"name": "Initech", "country": "XX"}, key)
    assert bad.status_code == 422
    assert not IdempotentWrite.objects.exists()
    again = post(client, f"{A}/organisations", {"name": "Initech", "country": "XX"}, key)
    assert again.status_code == 422
    assert "Idempotent-Replayed" not in again


def test_keys_belong_to_one_credential(world: World) -> None:
    key = str(uuid.uuid4())
    body = {"name": "Initech", "country": "NO"}
    mine = post(keyed(world), f"{A}/organisations", body, key)
    theirs = post(keyed(world, perms.ADMIN), f"{A}/organisations", body, key)
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]
    assert "Idempotent-Replayed" not in theirs


@pytest.mark.parametrize("key", ["", "x" * 256, "café", "two words"])
def test_a_malformed_key_is_a_400(world: World, key: str) -> None:
    response = post(keyed(world), f"{A}/organisations", {"name": "I", "country": "NO"}, key)
    assert response.status_code == 400
    assert response.json()["type"].endswith("invalid-idempotency-key")
    assert not Organisation.objects.filter(company=world.a.company).exists()


def test_deletes_and_uploads_replay_too(world: World) -> None:
    client = keyed(world)
    organisation = make_organisation(world.a)
    key = str(uuid.uuid4())
    path = f"{A}/organisations/{organisation.id}"
    first = client.delete(path, headers={"Idempotency-Key": key})
    again = client.delete(path, headers={"Idempotency-Key": key})
    assert (first.status_code, again.status_code) == (204, 204)
    assert again["Idempotent-Replayed"] == "true"
    assert client.delete(path).status_code == 404  # without the key: it is gone

    upload_key = str(uuid.uuid4())

    def upload(content: bytes) -> Any:
        return client.post(
            f"{A}/documents", {"file": samples.upload("plan.txt", content)},
            headers={"Idempotency-Key": upload_key},
        )

    created, repeated = upload(b"first draft\n"), upload(b"first draft\n")
    assert (created.status_code, repeated.status_code) == (201, 201)
    assert repeated.json() == created.json()
    assert upload(b"another draft\n").status_code == 422
    assert Document.objects.filter(company=world.a.company).count() == 1


def test_answers_are_kept_encrypted_for_a_day_then_forgotten(world: World) -> None:
    client, key = keyed(world), str(uuid.uuid4())
    body = {"name": "Initech Secret Project", "country": "NO"}
    assert post(client, f"{A}/organisations", body, key).status_code == 201
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM idempotency_idempotentwrite")
        (stored,) = cursor.fetchone()
    assert "Initech" not in stored
    kept = IdempotentWrite.objects.get()
    assert "Initech Secret Project" in kept.body
    assert answers.forget_expired(now=timezone.now() + timedelta(hours=23)) == 0
    IdempotentWrite.objects.update(created_at=timezone.now() - timedelta(hours=25))
    again = post(client, f"{A}/organisations", body, key)  # expired: a new write
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert Organisation.objects.filter(company=world.a.company).count() == 2
    IdempotentWrite.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert answers.forget_expired() == 1


def test_erasing_a_person_withdraws_the_answers_that_may_show_them(world: World) -> None:
    client, key = keyed(world), str(uuid.uuid4())
    organisation = make_organisation(world.a)
    body = {"organisation_id": str(organisation.id), "name": "Linnea Berg",
            "email": "linnea@example.com"}
    created = post(client, f"{A}/contact-persons", body, key)
    assert created.status_code == 201, created.content
    person = created.json()["id"]
    assert client.delete(f"{A}/contact-persons/{person}").status_code == 204
    assert not ContactPerson.objects.filter(id=person).exists()
    kept = IdempotentWrite.objects.get()
    assert (kept.withdrawn, kept.body) == (True, "")
    again = post(client, f"{A}/contact-persons", body, key)
    assert again.status_code == 409
    assert again.json()["type"].endswith("idempotent-answer-withdrawn")
    assert "Linnea" not in again.content.decode()
    assert not ContactPerson.objects.filter(company=world.a.company).exists()


def test_every_write_documents_the_header() -> None:
    schema = api.get_openapi_schema()
    writes = [
        operation for path in schema["paths"].values()
        for method, operation in path.items() if method in ("post", "put", "patch", "delete")
    ]
    assert len(writes) > 40
    for operation in writes:
        names = [p["name"] for p in operation.get("parameters", [])]
        assert "Idempotency-Key" in names, operation["operationId"]


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_wait_for_the_first_and_write_once(world: World) -> None:
    client, key = keyed(world), str(uuid.uuid4())
    body = {"name": "Raced AS", "country": "NO"}
    results: list[Any] = []
    start = threading.Barrier(4)

    def attempt() -> None:
        start.wait()
        try:
            results.append(post(client, f"{A}/organisations", body, key))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [r.status_code for r in results] == [201] * 4
    assert len({r.json()["id"] for r in results}) == 1
    assert sum(1 for r in results if "Idempotent-Replayed" in r) == 3
    assert Organisation.objects.filter(company=world.a.company).count() == 1
