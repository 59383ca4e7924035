"""History of a record with encrypted fields: entries hold and hash ciphertext; the History tab
shows the plain values, then "[erased]" once the person's key is destroyed, and the chain still
verifies (P-D1, P-D2, P-D6)."""

from __future__ import annotations

from strongroom.platform.access import permissions as perms
from strongroom.platform.history import checkpoints, selectors
from strongroom.platform.history.display import field_changes
from strongroom.platform.history.verify import verify
from strongroom.platform.keys.models import Purpose
from strongroom.platform.keys.store import destroy_keyset
from strongroom.records.contacts.actions import organisations, people
from strongroom.records.contacts.models import ContactPerson
from tests.conftest import World


def _person(world: World) -> ContactPerson:
    admin = world.a.actor(perms.ADMIN)
    organisation = organisations.create_organisation(
        actor=admin, fields={"name": "Fjord AS", "country": "NO"}
    )
    person = people.create_contact_person(
        actor=admin, organisation=organisation,
        fields={"name": "Kari Nordmann", "email": "kari@fjord.test"},
    )
    return people.update_contact_person(
        actor=admin, person=person, fields={"email": "kari.nordmann@fjord.test"}
    )


def test_entries_hold_ciphertext_and_the_tab_shows_plain_text(world: World) -> None:
    person = _person(world)
    update = selectors.record_history(
        world.a.actor(perms.ADMIN), person, permission="contact.view"
    ).first()
    assert update is not None
    old, new = update.changes["email"]
    assert "kari" not in old + new  # stored as ciphertext, never plain text
    assert [(c.field, c.old, c.new) for c in field_changes(update)] == [
        ("email", "kari@fjord.test", "kari.nordmann@fjord.test")
    ]


def test_after_erasure_old_values_read_erased_and_the_chain_verifies(world: World) -> None:
    person = _person(world)
    checkpoints.checkpoint_company(world.a.company.pk)
    destroy_keyset(world.a.company.pk, Purpose.SUBJECT, person.encryption_subject())
    update = selectors.record_history(
        world.a.actor(perms.ADMIN), person, permission="contact.view"
    ).first()
    assert update is not None
    assert [(c.old, c.new) for c in field_changes(update)] == [("[erased]", "[erased]")]
    report = verify(company=world.a.company)
    assert not [f for f in report.findings if "chain" in f.place], report.findings


def test_altered_ciphertext_reads_unreadable(world: World) -> None:
    person = _person(world)
    update = selectors.record_history(
        world.a.actor(perms.ADMIN), person, permission="contact.view"
    ).first()
    assert update is not None
    old, new = update.changes["email"]
    update.changes["email"] = [old[:-4] + ("AAAA" if old[-4:] != "AAAA" else "BBBB"), new]
    assert field_changes(update)[0].old == "[unreadable]"
