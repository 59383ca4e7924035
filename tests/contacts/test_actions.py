"""Contacts actions: validation, history without personal values, deletion (P-D4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.history.models import AuditEvent
from strongroom.records.contacts import actions, selectors
from strongroom.records.contacts import steps as contact_steps
from strongroom.records.contacts.models import ContactPerson, Organisation
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person


def _errors(call: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_organisation_fields_are_checked_and_normalised(world: World) -> None:
    organisation = make_organisation(
        world.a, name="  Fjord   Consult AS ", country="no", vat_id="no 987.654.321 mva",
        website="fjord.example", email="Post@Fjord.EXAMPLE",
    )
    assert organisation.name == "Fjord Consult AS"
    assert organisation.country == "NO"
    assert organisation.vat_id == "NO987654321MVA"
    assert organisation.website == "https://fjord.example"
    assert organisation.email == "Post@fjord.example"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "", "country": "NO"}, "name"),
        ({"name": "X", "country": "XX"}, "country"),
        ({"name": "X", "country": "NO", "email": "not-an-address"}, "email"),
        ({"name": "X", "country": "NO", "vat_id": "NO-98!"}, "vat_id"),
        ({"name": "X", "country": "NO", "website": "javascript:alert(1)"}, "website"),
        ({"name": "X", "country": "NO", "phone": "call me"}, "phone"),
        ({"name": "X" * 201, "country": "NO"}, "name"),
        ({"name": "X\x07", "country": "NO"}, "name"),
    ],
)
def test_bad_organisation_input_names_the_field(
    world: World, fields: dict[str, str], field: str
) -> None:
    actor = world.a.actor(perms.ADMIN)
    errors = _errors(lambda: actions.create_organisation(actor=actor, fields=fields))
    assert field in errors


def test_organisation_numbers_are_unique_per_company(world: World) -> None:
    make_organisation(world.a, organisation_number="912345678")
    make_organisation(world.b, organisation_number="912345678")  # another company: fine
    errors = _errors(lambda: make_organisation(world.a, organisation_number="912345678"))
    assert errors == {"organisation_number": ["Another organisation already has this number."]}


def test_update_changes_only_the_given_fields(world: World) -> None:
    organisation = make_organisation(world.a, city="Oslo", phone="+47 22 33 44 55")
    updated = actions.update_organisation(
        actor=world.a.actor(perms.ACCOUNTANT), organisation=organisation, fields={"city": "Bergen"}
    )
    assert (updated.city, updated.phone) == ("Bergen", "+47 22 33 44 55")
    event = AuditEvent.objects.filter(object_id=str(organisation.pk)).order_by("-sequence")[0]
    assert event.event_type == 1001
    assert event.changes["city"] == ["Oslo", "Bergen"]
    assert set(event.changes) == {"city", "updated_at"}


def test_employees_see_contacts_but_cannot_change_them(world: World) -> None:
    organisation = make_organisation(world.a)
    employee = world.a.actor(perms.EMPLOYEE)
    assert selectors.organisation(employee, organisation.pk) == organisation
    with pytest.raises(policy.Forbidden):
        actions.update_organisation(actor=employee, organisation=organisation, fields={})
    with pytest.raises(policy.NotFound):
        actions.update_organisation(
            actor=world.b.actor(perms.OWNER), organisation=organisation, fields={}
        )


def test_person_history_names_no_personal_value(world: World) -> None:
    person = make_person(world.a, name="Kari Nordmann", email="kari@fjord.example")
    event = AuditEvent.objects.get(object_id=str(person.pk))
    assert event.object_repr == f"Contact person {str(person.pk)[:8]}"
    assert "Kari" not in event.object_repr
    assert person.encryption_subject() == f"contact:{person.pk}"


def test_people_are_found_by_exact_email_and_name_in_any_case(world: World) -> None:
    kari = make_person(world.a, name="Kari Nordmann", email="kari@fjord.example")
    make_person(world.a, name="Kari Nordmannsen", email="kari.n@fjord.example")
    make_person(world.b, name="Kari Nordmann", email="kari@fjord.example")  # other company
    actor = world.a.actor(perms.EMPLOYEE)
    assert list(selectors.people(actor, email=" KARI@Fjord.example ")) == [kari]
    assert list(selectors.people(actor, name="kari  nordmann")) == [kari]
    assert list(selectors.people(actor, email="kari@fjord")) == []


def test_a_person_cannot_join_another_companys_organisation(world: World) -> None:
    foreign = make_organisation(world.b)
    with pytest.raises(policy.NotFound):
        actions.create_contact_person(
            actor=world.a.actor(perms.ADMIN), organisation=foreign, fields={"name": "X"}
        )
    person = make_person(world.a)
    with pytest.raises(policy.NotFound):
        actions.update_contact_person(
            actor=world.a.actor(perms.ADMIN), person=person, fields={}, organisation=foreign
        )


def test_moving_a_person_to_another_organisation(world: World) -> None:
    person = make_person(world.a)
    target = make_organisation(world.a)
    moved = actions.update_contact_person(
        actor=world.a.actor(perms.ADMIN), person=person, fields={}, organisation=target
    )
    assert moved.organisation_id == target.pk


def test_deleting_a_person_removes_them_and_erases_their_subject(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    erased: list[tuple[str, int]] = []
    monkeypatch.setattr(
        contact_steps, "subject_erased",
        lambda *, actor, subject, company_id, permission: erased.append((subject, company_id)),
    )
    person = make_person(world.a, notes="Allergic to nuts")
    person_id = person.pk
    actions.delete_contact_person(actor=world.a.actor(perms.ADMIN), person=person)
    assert not ContactPerson.objects.filter(pk=person_id).exists()
    assert erased == [(f"contact:{person_id}", world.a.company.pk)]
    last = AuditEvent.objects.filter(object_id=str(person_id)).order_by("-sequence")[0]
    assert last.event_type == 1012
    assert last.state is None


def test_deleting_an_organisation_deletes_its_people(world: World) -> None:
    organisation = make_organisation(world.a)
    people = [make_person(world.a, organisation) for _ in range(3)]
    ids = [str(p.pk) for p in people]
    organisation_id = organisation.pk
    actions.delete_organisation(actor=world.a.actor(perms.ADMIN), organisation=organisation)
    assert not Organisation.objects.filter(pk=organisation_id).exists()
    assert not ContactPerson.objects.filter(pk__in=ids).exists()
    deleted = AuditEvent.objects.filter(event_type=1012, object_id__in=ids)
    assert deleted.count() == 3  # one history entry per person
