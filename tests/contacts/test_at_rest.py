"""A contact person's values never reach the database in plain text, in their row or in the
history entries of their creation, change and deletion, nor in their search tokens (P-C2,
P-D4)."""

from __future__ import annotations

import pytest

from strongroom.platform.access import permissions as perms
from strongroom.platform.keys import ngrams
from strongroom.records.contacts import actions, selectors
from tests.conftest import World
from tests.contacts.factories import make_organisation
from tests.keys.test_at_rest import _raw_bytes

SECRETS = ("Ottilie Vandersloot", "ottilie.vandersloot@fjord.example", "+47 912 77 331",
           "Storgata 77, 0155 Oslo", "Allergic to hazelnuts")
VISIBLE = "Vanderslootfjord Consulting AS"  # an organisation's name is stored as it is


@pytest.mark.django_db(transaction=True)
def test_a_contact_persons_values_are_stored_encrypted(world: World) -> None:
    name, email, phone, address, notes = SECRETS
    actor = world.a.actor(perms.ADMIN)
    organisation = make_organisation(world.a, name=VISIBLE)
    person = actions.create_contact_person(
        actor=actor, organisation=organisation,
        fields={"name": name, "email": email, "phone": phone, "address": address, "notes": notes},
    )
    actions.update_contact_person(actor=actor, person=person, fields={"job_title": "CFO"})
    assert [p.pk for p in selectors.people(actor, email=email.upper())] == [person.pk]
    assert [p.pk for p in selectors.people(actor, q="vandersl 77 331")] == [person.pk]
    assert selectors.person(actor, person.pk).notes == notes

    everything = _raw_bytes("default") + _raw_bytes("keys")
    assert VISIBLE.encode() in everything  # the search finds what is stored in plain text
    assert ngrams.digits(phone).encode() not in everything
    for secret in SECRETS:
        for form in (secret, secret.lower(), secret.upper(), ngrams.normalize(secret)):
            assert form.encode() not in everything, f"{form!r} is stored in plain text"
