"""Statements per API request with an API key (issue budget: GET one, list 20, create, update):
exact counts on both databases, the key's whole lookup in one statement, and no statement sent
twice within a request."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from strongroom.platform.keys import cache as key_cache
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person
from tests.factories import make_api_key

API = "/api/v1/companies/acme/contact-persons"
ALIASES = ("default", "keys")

# In the test's transaction: a SAVEPOINT and its RELEASE stand where a request outside one
# sends BEGIN and COMMIT. Per request:
# - every one: the API key with its owner, company, support grant, membership and role (1);
# - GET one: the person (1); the access log: savepoint, chain head, insert, head, release (5);
# - list 20: the count and the page (2); the access log for all 20 reads (5);
# - create: the organisation named (1); the person, history entry and its chain in a savepoint
#   (6); the person's new data key: the lookup, then a savepoint with the locked company key
#   and the key and its version (6);
# - update: the person (1); in a savepoint, the person locked, its update and the history
#   entry with its chain (7).
EXPECTED = {"get one": 7, "list 20": 8, "create": 15, "update": 9}  # create: its search tokens


def _statements(send: Callable[[], Any]) -> tuple[Any, list[str]]:
    contexts = [CaptureQueriesContext(connections[alias]) for alias in ALIASES]
    for context in contexts:
        context.__enter__()
    try:
        response = send()
    finally:
        for context in contexts:
            context.__exit__(None, None, None)
    return response, [query["sql"] for context in contexts for query in context.captured_queries]


@pytest.fixture
def scenario(world: World) -> dict[str, Callable[[], Any]]:
    _, full_key = make_api_key(world.a.members["manager"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {full_key}")
    organisation = make_organisation(world.a)
    people = [make_person(world.a, organisation) for _ in range(25)]
    created = iter(range(10**6))

    def create() -> Any:
        body = {"name": f"Person {next(created)}", "organisation_id": str(organisation.pk)}
        return client.post(API, json.dumps(body), content_type="application/json")

    def update() -> Any:
        body = {"job_title": f"Title {next(created)}"}  # a change each time, so history too
        return client.patch(
            f"{API}/{people[1].pk}", json.dumps(body), content_type="application/json"
        )

    return {
        "get one": lambda: client.get(f"{API}/{people[0].pk}"),
        "list 20": lambda: client.get(API, {"page_size": 20}),
        "create": create,
        "update": update,
    }


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_statements_per_request_with_an_api_key(
    scenario: dict[str, Callable[[], Any]], kind: str
) -> None:
    scenario[kind]()  # the first request fills the per-process key cache, as any would
    response, statements = _statements(scenario[kind])
    assert 200 <= response.status_code < 300, response.content
    assert len(statements) == EXPECTED[kind], "\n".join(statements)
    assert [s for s in statements if "identity_apikey" in s][:1] == statements[:1]
    assert sum("identity_apikey" in s for s in statements) == 1  # one lookup, no last_used write
    assert not any('FROM "tenancy_membership"' in s for s in statements)  # joined to the key
    repeated = [text for text, n in Counter(statements).items() if n > 1]
    assert repeated == []


def test_a_page_of_people_fetches_its_data_keys_in_one_statement(
    scenario: dict[str, Callable[[], Any]],
) -> None:
    scenario["list 20"]()
    key_cache.clear()  # as a worker that has read none of these people yet
    response, statements = _statements(scenario["list 20"])
    assert len(response.json()["items"]) == 20
    data_keys = [s for s in statements if 'FROM "keys_datakeyversion"' in s]
    assert len(data_keys) == 1, data_keys
    assert sum('FROM "keys_companykey"' in s for s in statements) == 1
    assert len(statements) == EXPECTED["list 20"] + 2
