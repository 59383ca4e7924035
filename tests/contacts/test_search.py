"""Searching contact persons by any part of their encrypted values (P-C2): keyed n-gram tokens
find the candidates, decryption removes false positives; tenants, permissions and erasure
hold."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import cli_actor, member_actor
from strongroom.platform.access.policy import Forbidden
from strongroom.platform.history.models import AccessRead
from strongroom.platform.keys import ngrams, rotation_steps
from strongroom.platform.search import actions as search_actions
from strongroom.platform.search.index import unindexed
from strongroom.platform.search.models import SearchToken
from strongroom.records.contacts import actions, selectors
from strongroom.records.contacts.models import ContactPerson
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person
from tests.factories import MembershipFactory, UserFactory

API = "/api/v1/companies/acme"


def _found(world: World, q: str, role: str = perms.ADMIN) -> list[str]:
    return sorted(p.name for p in selectors.people(world.a.actor(role), q=q))


@pytest.fixture
def linnea(world: World) -> ContactPerson:
    organisation = make_organisation(world.a, name="Fjordkraft AS")
    make_person(world.a, organisation, name="Bjørn Ødegård", email="bjorn@fjord.example",
                phone="+47 400 11 222")
    make_person(world.a, organisation, name="Anne-Marie Lund", email="aml@fjord.example")
    return make_person(world.a, organisation, name="Linnea Berg",
                       email="linnea.berg@fjord.example", phone="+47 912 34 567")


def test_normalising_folds_case_diacritics_and_spaces() -> None:
    folded = ngrams.normalize("  Bjørn  ÖDEGÅRD\tÆsir Straße Crème ")
    assert folded == "bjorn odegard aesir strasse creme"
    assert ngrams.digits("+47 912 34-567") == "4791234567"
    assert ngrams.matches("ber lin", ["linnea berg"])
    assert ngrams.matches("Li B", ["linnea berg"])
    assert not ngrams.matches("ea b", ["linnea berg"])  # a short word starts a word
    assert not ngrams.matches("bergen", ["linnea berg"])
    assert ngrams.query_grams("  ") == set()


@pytest.mark.parametrize(("query", "names"), [
    ("Linnea", ["Linnea Berg"]),
    ("inne", ["Linnea Berg"]),
    ("BERG", ["Linnea Berg"]),
    ("berg linnea", ["Linnea Berg"]),
    ("li", ["Linnea Berg"]),
    ("bjorn", ["Bjørn Ødegård"]),
    ("odegard", ["Bjørn Ødegård"]),
    ("ØDEGÅRD", ["Bjørn Ødegård"]),
    ("marie", ["Anne-Marie Lund"]),
    ("ma", ["Anne-Marie Lund"]),
    ("34 567", ["Linnea Berg"]),
    ("1234", ["Linnea Berg"]),
    ("berg@fjord", ["Linnea Berg"]),
    ("fjord.example", ["Anne-Marie Lund", "Bjørn Ødegård", "Linnea Berg"]),
    ("bergen", []),
    ("linnea lund", []),
])
def test_search_finds_parts_of_names_emails_and_phones(
    world: World, linnea: ContactPerson, query: str, names: list[str]
) -> None:
    assert _found(world, query) == sorted(names)


def test_the_database_holds_tokens_not_text(world: World, linnea: ContactPerson) -> None:
    tokens = SearchToken.objects.filter(record_id=linnea.pk)
    assert tokens.count() > 20
    assert {t.company_id for t in tokens} == {world.a.company.pk}
    assert all(isinstance(t.token, int) for t in tokens)


def test_another_company_never_finds_them(world: World, linnea: ContactPerson) -> None:
    twin = make_person(world.b, name="Linnea Berg")
    assert [p.pk for p in selectors.people(world.b.actor(perms.ADMIN), q="linnea")] == [twin.pk]
    assert [p.pk for p in selectors.people(world.a.actor(perms.ADMIN), q="linnea")] == [linnea.pk]
    # the same gram is a different token in each company (each has its own index key)
    a = set(SearchToken.objects.filter(record_id=linnea.pk).values_list("token", flat=True))
    b = set(SearchToken.objects.filter(record_id=twin.pk).values_list("token", flat=True))
    assert not a & b


def test_a_member_without_view_permission_finds_nothing(
    world: World, linnea: ContactPerson
) -> None:
    user = UserFactory(email="reader@acme.test")  # "Reader": company.view and member.view
    reader = MembershipFactory(company=world.a.company, user=user, role=perms.CUSTOM,
                               custom_role=world.a.custom_role)
    assert list(selectors.people(member_actor(reader), q="linnea")) == []
    assert _found(world, "linnea", perms.EMPLOYEE) == ["Linnea Berg"]
    assert _found(world, "linnea", perms.AUDITOR) == ["Linnea Berg"]  # reads everything


def test_changed_and_deleted_people_are_found_as_they_are_now(
    world: World, linnea: ContactPerson
) -> None:
    actor = world.a.actor(perms.ADMIN)
    actions.update_contact_person(actor=actor, person=linnea, fields={
        "name": "Linnea Dahl", "email": "linnea.dahl@fjord.example",
    })
    assert _found(world, "berg") == []
    assert _found(world, "dahl") == ["Linnea Dahl"]
    actions.delete_contact_person(actor=actor, person=linnea)
    assert _found(world, "linnea") == []
    assert not SearchToken.objects.filter(record_id=linnea.pk).exists()


def test_deleting_an_organisation_removes_its_tokens_and_its_peoples(
    world: World, linnea: ContactPerson
) -> None:
    actions.delete_organisation(actor=world.a.actor(perms.ADMIN), organisation=linnea.organisation)
    assert not SearchToken.objects.exists()


def test_organisations_are_found_without_diacritics(world: World) -> None:
    make_organisation(world.a, name="Bjørnstad Økonomi AS")
    actor = world.a.actor(perms.MANAGER)
    assert [o.name for o in selectors.organisations(actor, q="bjornstad okonomi")] == [
        "Bjørnstad Økonomi AS"
    ]
    assert [o.name for o in selectors.organisations(actor, q="Økonomi")] == ["Bjørnstad Økonomi AS"]


def test_missing_tokens_are_filled_once(world: World, linnea: ContactPerson) -> None:
    SearchToken.objects.all().delete()
    assert _found(world, "linnea") == []
    assert unindexed(ContactPerson, world.a.company.pk).count() == 3
    platform = cli_actor(command="test")
    filled = search_actions.fill_search_tokens(actor=platform, company=world.a.company, limit=2)
    assert filled == 2
    # the last person and the organisation
    assert search_actions.fill_search_tokens(actor=platform, company=world.a.company) == 2
    assert search_actions.fill_search_tokens(actor=platform, company=world.a.company) == 0
    assert _found(world, "linnea") == ["Linnea Berg"]
    with pytest.raises(Forbidden):
        search_actions.fill_search_tokens(actor=world.a.actor(perms.ADMIN),
                                          company=world.a.company)


def test_search_survives_a_rotation_of_every_key(world: World, linnea: ContactPerson) -> None:
    platform, company_id = cli_actor(command="test"), world.a.company.pk
    rotation_steps.rotate_company_key(actor=platform, company_id=company_id)
    rotation_steps.rewrap_data_keys(actor=platform, company_id=company_id, from_version=1)
    rotation_steps.rotate_data_keys(
        actor=platform, company_id=company_id, older_than=timezone.now() + timedelta(days=1)
    )
    fresh = make_person(world.a, name="Linnea Holm")
    assert _found(world, "linnea") == ["Linnea Berg", "Linnea Holm"]
    actor = world.a.actor(perms.ADMIN)
    assert [p.pk for p in selectors.people(actor, email="LINNEA.berg@fjord.example")] == [linnea.pk]
    assert [p.pk for p in selectors.people(actor, name="linnea holm")] == [fresh.pk]


def test_api_and_web_search_and_log_what_they_show(
    world: World, linnea: ContactPerson, manager_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    with django_assert_max_num_queries(16):
        page = manager_client.get(f"{API}/contact-persons", {"q": "linnea"}).json()
    assert [p["name"] for p in page["items"]] == ["Linnea Berg"]
    assert list(AccessRead.objects.filter(purpose="list").values_list("object_id", flat=True)) == [
        str(linnea.pk)
    ]
    organisations = manager_client.get(f"{API}/organisations", {"q": "fjordkraft"}).json()
    assert [o["name"] for o in organisations["items"]] == ["Fjordkraft AS"]
    too_long = manager_client.get(f"{API}/contact-persons", {"q": "x" * 101})
    assert too_long.status_code == 422
    web = manager_client.get("/c/acme/contacts/people/", {"q": "bjorn"})
    assert web.status_code == 200
    assert "Bjørn Ødegård" in web.content.decode()
    assert "Linnea Berg" not in web.content.decode()
    assert AccessRead.objects.filter(purpose="list").count() == 2
