"""Crypto-shredding of a person (P-D6): deleting a contact person destroys their key when the
deletion commits; every remaining copy of their values (history entries, a backup of the rows
taken before) reads as erased; the audit log shows it without failing; the chain verifies."""

from __future__ import annotations

import uuid
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, member_actor, system_actor
from strongroom.platform.history import checkpoints
from strongroom.platform.history.display import field_changes
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.keys import subject_erasure
from strongroom.platform.keys.fields import ERASED, reveal
from strongroom.platform.keys.models import DataKeyset, Purpose
from strongroom.platform.keys.permissions import KEYS_ERASE
from strongroom.platform.tenancy.models import Membership
from strongroom.records.contacts import actions
from strongroom.records.contacts import steps as contact_steps
from strongroom.records.contacts.models import ContactPerson
from strongroom.records.documents import actions as documents
from strongroom.records.documents import targets
from strongroom.records.documents.models import Document
from tests.auth import sign_in
from tests.conftest import World
from tests.contacts.factories import make_person
from tests.documents.conftest import files_dir  # noqa: F401  (fixture)
from tests.files import samples

NAME, EMAIL = "Kari Nordmann", "kari.nordmann@fjord.test"


def _person_with_history(actor: Actor) -> ContactPerson:
    organisation = actions.create_organisation(
        actor=actor, fields={"name": "Fjordkraft AS", "country": "NO"}
    )
    person = actions.create_contact_person(
        actor=actor, organisation=organisation,
        fields={"name": NAME, "email": "kari@fjord.test", "phone": "+47 912 34 567"},
    )
    return actions.update_contact_person(actor=actor, person=person, fields={"email": EMAIL})


def _backup(person: ContactPerson) -> list[dict[str, Any]]:
    """The person's rows and history entries as a backup of the records holds them."""
    rows = list(ContactPerson.objects.filter(pk=person.pk).values())
    rows += list(AuditEvent.objects.filter(object_id=str(person.pk)).values("changes", "state"))
    return rows


def _tokens(backup: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Every (field, ciphertext) in a backup: row columns, history states and changes."""
    found: list[tuple[str, str]] = []
    for row in backup:
        for source in (row, row.get("state") or {}, row.get("changes") or {}):
            for field, value in source.items():
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str) and item.startswith("sr1."):
                        found.append((field, item))
    return found


def test_deleting_a_person_shreds_every_copy_of_their_values(
    fjord: Membership, files_dir: Path, django_capture_on_commit_callbacks: Any  # noqa: F811
) -> None:
    owner, company_id = member_actor(fjord), fjord.company_id
    person = _person_with_history(owner)
    document = documents.create_document(
        actor=owner, upload=samples.upload("contract.pdf", samples.PDF),
        target_type=targets.key_of(person), target_id=person.pk,
    )
    subject, person_id = person.encryption_subject(), str(person.pk)
    backup = _backup(person)
    assert len(_tokens(backup)) >= 6
    checkpoints.checkpoint_company(company_id)

    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_contact_person(actor=owner, person=person)

    keyset = DataKeyset.objects.get(company_id=company_id, subject=subject)
    assert keyset.destroyed_at is not None
    assert all(bytes(v.wrapped) == b"" and v.destroyed_at for v in keyset.versions.all())
    assert not Document.objects.filter(pk=document.pk).exists()
    # the backup taken before the deletion now yields only "erased" for the person
    for field, token in _tokens(backup):
        assert reveal(
            ContactPerson, field, company_id=company_id, record_id=person_id,
            stored=token,
        ) is ERASED
    # history (the History tab's and history API's rendering) reads erased, never plain text
    update = AuditEvent.objects.filter(
        object_id=person_id, event_type=AuditEventType.CONTACT_PERSON_UPDATED
    ).get()
    assert [(c.old, c.new) for c in field_changes(update)] == [("[erased]", "[erased]")]
    # the destruction is audited by reference and key id, with nothing personal
    shredded = AuditEvent.objects.get(event_type=AuditEventType.SUBJECT_KEYS_DESTROYED)
    assert shredded.extra["subject"] == subject
    assert shredded.extra["key_id"] == f"{keyset.key_id:016x}"
    assert NAME not in str(shredded.extra) + shredded.object_repr
    # the audit log, page and API, shows the entries with erased values and no ciphertext
    client = Client()
    sign_in(client, fjord.user)
    page = client.get("/c/fjord/audit/", {"object_id": person_id})
    assert page.status_code == 200
    text = page.content.decode()
    assert "[erased]" in text
    assert "sr1." not in text
    assert NAME not in text
    api = client.get("/api/v1/companies/fjord/audit-events", {"object_id": person_id})
    assert api.status_code == 200
    changes = [e["changes"] for e in api.json()["items"] if e["changes"]]
    assert any(c.get("email") == ["[erased]", "[erased]"] for c in changes), changes
    assert "sr1." not in api.content.decode()
    # the database holds ciphertext only, and the chain still verifies
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT changes, state FROM {AuditEvent._meta.db_table}")  # noqa: S608
        raw = " ".join(str(column) for row in cursor.fetchall() for column in row)
    assert "sr1." in raw
    assert "kari" not in raw.lower()
    call_command("audit", "verify", "--company", "fjord", "--quiet", stdout=StringIO())


def test_audit_log_does_not_decrypt_a_living_persons_values(world: World) -> None:
    person = _person_with_history(world.a.actor(perms.ADMIN))
    client = Client()
    sign_in(client, world.a.user(perms.ADMIN))
    text = client.get("/c/acme/audit/", {"object_id": str(person.pk)}).content.decode()
    assert "[encrypted]" in text
    assert "[erased]" not in text
    assert "kari" not in text.lower()


def test_a_deletion_that_rolls_back_leaves_the_key_alive(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    person = _person_with_history(world.a.actor(perms.ADMIN))
    subject, person_id = person.encryption_subject(), person.pk

    def failing_deletion() -> None:
        with transaction.atomic():
            contact_steps.erase_person(actor=world.a.actor(perms.ADMIN), person=person)
            raise RuntimeError("the records transaction fails")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_deletion()
    keyset = DataKeyset.objects.get(subject=subject)
    assert keyset.destroyed_at is None
    assert ContactPerson.objects.get(pk=person_id).name == NAME


def test_keys_are_not_destroyed_while_the_person_exists(world: World) -> None:
    person = make_person(world.a)
    with pytest.raises(ValidationError):
        subject_erasure.destroy_subject_keys(
            actor=world.a.actor(perms.ADMIN), company_id=world.a.company.pk,
            subject=person.encryption_subject(), permission="contact.manage",
        )
    assert ContactPerson.objects.get(pk=person.pk).name != ERASED


def test_sweep_destroys_keys_left_by_an_interrupted_deletion(world: World) -> None:
    interrupted = make_person(world.a)
    living = make_person(world.a)
    subject = interrupted.encryption_subject()
    # the deletion commits, but the process dies before its on-commit destruction runs
    actions.delete_contact_person(actor=world.a.actor(perms.ADMIN), person=interrupted)
    fresh = f"contact:{uuid.uuid4()}"  # a key made for a person whose record is not yet saved
    DataKeyset.objects.create(
        key_id=12345, company_id=world.a.company.pk, purpose=Purpose.SUBJECT, subject=fresh,
        created_at=timezone.now(),
    )
    DataKeyset.objects.exclude(subject=fresh).update(
        created_at=timezone.now() - subject_erasure.SWEEP_GRACE - timedelta(minutes=1)
    )
    summary = subject_erasure.sweep_erased_subjects(system_actor(job="keys.sweep_erased_subjects"))
    assert summary == "destroyed the keys of 1 erased subject(s)"
    assert DataKeyset.objects.get(subject=subject).destroyed_at is not None
    assert DataKeyset.objects.get(subject=fresh).destroyed_at is None
    assert ContactPerson.objects.get(pk=living.pk).name.startswith("Person ")
    event = AuditEvent.objects.get(event_type=AuditEventType.SUBJECT_KEYS_DESTROYED)
    assert event.company_id == world.a.company.pk
    assert event.channel == "system"
    again = subject_erasure.sweep_erased_subjects(system_actor(job="keys.sweep_erased_subjects"))
    assert again == "destroyed the keys of 0 erased subject(s)"


def test_sweep_permission_is_the_platforms(world: World) -> None:
    assert KEYS_ERASE in perms.for_operator()
    assert all(KEYS_ERASE not in perms.for_builtin_role(role) for role in perms.BUILTIN_ROLES)
