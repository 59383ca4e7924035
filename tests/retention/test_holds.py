"""Legal holds: placed and released by owners and admins, recorded in history; while in place
they stop every deletion and erasure they cover, and a company-wide one the termination."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.lifecycle import actions as lifecycle
from strongroom.platform.retention import actions, selectors
from strongroom.platform.retention.models import LegalHold
from strongroom.records.contacts import actions as contacts
from strongroom.records.contacts.models import ContactPerson, Organisation
from strongroom.records.documents import actions as documents
from strongroom.records.documents.models import Document
from strongroom.records.expenses import actions as expenses
from strongroom.records.expenses.models import ExpenseClaim
from strongroom.records.invoices import actions as invoices
from strongroom.records.invoices.models import Invoice
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person
from tests.documents.factories import make_document
from tests.expenses.factories import draft_claim, employee
from tests.invoices.factories import draft

pytestmark = pytest.mark.django_db


def _hold(world: World, **target: object) -> LegalHold:
    return actions.place_legal_hold(
        actor=world.a.actor(perms.ADMIN), reason="Tax audit 2027", **target  # type: ignore[arg-type]
    )


def test_a_company_wide_hold_stops_every_deletion_and_its_release_lets_them_through(
    world: World,
) -> None:
    admin = world.a.actor(perms.ADMIN)
    organisation = make_organisation(world.a)
    person = make_person(world.a, organisation)
    document = make_document(world.a)
    claim = draft_claim(world.a)
    invoice = draft(world.a)
    hold = _hold(world)
    deletions = [
        lambda: contacts.delete_contact_person(actor=admin, person=person),
        lambda: contacts.delete_organisation(actor=admin, organisation=organisation),
        lambda: documents.delete_document(actor=admin, document=document),
        lambda: expenses.delete_claim(actor=employee(world.a), claim=claim),
        lambda: invoices.delete_invoice(actor=world.a.actor(perms.ACCOUNTANT), invoice=invoice),
    ]
    for delete in deletions:
        with pytest.raises(ValidationError, match="under a legal hold placed on the whole company"):
            delete()
    assert ContactPerson.objects.filter(pk=person.pk).exists()
    assert Document.objects.filter(pk=document.pk).exists()
    actions.release_legal_hold(actor=admin, hold=hold, reason="Audit closed")
    for delete in deletions[:1] + deletions[2:]:
        delete()
    contacts.delete_organisation(actor=admin, organisation=organisation)
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not ExpenseClaim.objects.filter(pk=claim.pk).exists()
    assert not Invoice.objects.filter(pk=invoice.pk).exists()


def test_a_company_wide_hold_stops_termination(world: World, platform_actor: Actor) -> None:
    hold = _hold(world)
    with pytest.raises(ValidationError, match="legal hold"):
        lifecycle.terminate_company(
            actor=platform_actor, company=world.a.company, reason="Contract ended",
            confirm_slug="acme",
        )
    world.a.company.refresh_from_db()
    assert world.a.company.status == "active"
    actions.release_legal_hold(actor=world.a.actor(perms.OWNER), hold=hold, reason="Done")
    lifecycle.terminate_company(
        actor=platform_actor, company=world.a.company, reason="Contract ended",
        confirm_slug="acme",
    )
    world.a.company.refresh_from_db()
    assert world.a.company.status == "terminated"


def test_a_hold_on_a_record_covers_it_and_what_hangs_from_it(world: World) -> None:
    admin = world.a.actor(perms.ADMIN)
    held = make_organisation(world.a)
    person = make_person(world.a, held)
    attached = make_document(world.a, target=held)
    other = make_person(world.a)
    _hold(world, record_type="contacts.organisation", record_id=held.pk)
    for delete in (
        lambda: contacts.delete_contact_person(actor=admin, person=person),
        lambda: documents.delete_document(actor=admin, document=attached),
        lambda: contacts.delete_organisation(actor=admin, organisation=held),
    ):
        with pytest.raises(ValidationError, match="Tax audit 2027"):
            delete()
    contacts.delete_contact_person(actor=admin, person=other)  # not covered


def test_who_why_and_when_are_in_history(world: World) -> None:
    invoice = draft(world.a)
    hold = _hold(world, record_type="invoices.invoice", record_id=invoice.pk)
    assert hold.record_label == invoice.history_label()
    actions.release_legal_hold(actor=world.a.actor(perms.OWNER), hold=hold, reason="Settled")
    placed, released = AuditEvent.objects.filter(object_id=str(hold.pk)).order_by("id")
    assert placed.event_type == AuditEventType.LEGAL_HOLD_PLACED
    assert placed.actor_name == world.a.user(perms.ADMIN).full_name
    assert placed.extra["reason"] == "Tax audit 2027"
    assert released.event_type == AuditEventType.LEGAL_HOLD_RELEASED
    assert released.actor_name == world.a.user(perms.OWNER).full_name
    assert released.extra["reason"] == "Settled"
    hold.refresh_from_db()
    assert hold.released_at is not None
    assert hold.released_at >= hold.placed_at
    invoices.delete_invoice(actor=world.a.actor(perms.ACCOUNTANT), invoice=invoice)


@pytest.mark.parametrize("role", [perms.MANAGER, perms.ACCOUNTANT, perms.EMPLOYEE, perms.AUDITOR])
def test_only_owners_and_admins_place_holds(world: World, role: str) -> None:
    # The auditor sees holds (refused); the others do not even see them (not found).
    refusal = policy.Forbidden if role == perms.AUDITOR else policy.NotFound
    with pytest.raises(refusal):
        actions.place_legal_hold(actor=world.a.actor(role), reason="x")
    assert not LegalHold.objects.exists()


def test_holds_are_the_companys_own(world: World) -> None:
    theirs = draft(world.b)
    with pytest.raises(ValidationError) as refused:
        _hold(world, record_type="invoices.invoice", record_id=theirs.pk)
    assert "record_id" in refused.value.message_dict
    hold = _hold(world)
    with pytest.raises(policy.NotFound):
        selectors.legal_hold(world.b.actor(perms.ADMIN), hold.pk)
    with pytest.raises(policy.NotFound):
        actions.release_legal_hold(actor=world.b.actor(perms.ADMIN), hold=hold, reason="x")
    assert list(selectors.legal_holds(world.a.actor(perms.AUDITOR))) == [hold]


@pytest.mark.parametrize(
    ("target", "field"),
    [
        ({"record_type": "absences.absencerequest", "record_id": uuid.uuid4()}, "record_type"),
        ({"record_type": "invoices.invoice"}, "record_id"),
    ],
)
def test_bad_targets(world: World, target: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _hold(world, **target)
    assert field in refused.value.message_dict


def test_a_reason_is_required_and_a_hold_is_released_once(world: World) -> None:
    with pytest.raises(ValidationError):
        actions.place_legal_hold(actor=world.a.actor(perms.ADMIN), reason="  ")
    hold = _hold(world)
    actions.release_legal_hold(actor=world.a.actor(perms.ADMIN), hold=hold, reason="Done")
    with pytest.raises(ValidationError):
        actions.release_legal_hold(actor=world.a.actor(perms.ADMIN), hold=hold, reason="Again")
