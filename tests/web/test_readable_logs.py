"""History tabs, the audit log, the access log and security events read as words: no model
labels, ``_id`` field names, raw UUIDs or ISO timestamps outside the "Details" toggles."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.test import Client

from strongroom.identity import security_events
from strongroom.platform.access import permissions as perms
from strongroom.platform.tenancy import actions
from strongroom.records.contacts.actions.people import update_contact_person
from tests.auth import sign_in
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person

pytestmark = pytest.mark.django_db

UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
ISO_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
FIELD_ID = re.compile(r"\b[a-z]+(?:_[a-z]+)*_id\b")


def _visible_text(html: str) -> str:
    """The page's text as a person reads it: no details toggles, scripts or tag attributes."""
    body = html.split("<main", 1)[-1]
    body = re.sub(r"<details\b.*?</details>", "", body, flags=re.S)
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def _raw_values(text: str) -> list[str]:
    labels = {model._meta.label_lower for model in apps.get_models()}
    found = [label for label in labels if re.search(rf"\b{re.escape(label)}\b", text)]
    return found + UUID.findall(text) + ISO_TIME.findall(text) + FIELD_ID.findall(text)


@pytest.fixture
def activity(world: World) -> dict[str, str]:
    """Writes, reads and sign-ins of several kinds, and the pages that show them."""
    fjord = make_organisation(world.a, name="Fjord AS")
    person = make_person(world.a, fjord, name="Kari Nordmann")
    update_contact_person(
        actor=world.a.actor(perms.MANAGER), person=person,
        fields={"job_title": "Director", "phone": "+47 912 34 567"},
    )
    member = world.a.members[perms.EMPLOYEE]
    actions.change_member_role(actor=world.a.actor(perms.ADMIN), membership=member,
                               role=perms.MANAGER)
    for role in (perms.OWNER, perms.MANAGER):
        security_events.record(world.a.user(role), security_events.Tag.LOGIN_SUCCESS,
                               ip="198.51.100.7", user_agent="Firefox", new_device=True)
    manager = sign_in(Client(), world.a.user(perms.MANAGER))
    manager.get("/c/acme/contacts/people/")
    manager.get(f"/c/acme/contacts/people/{person.pk}/")
    return {
        "audit log": "/c/acme/audit/",
        "access log": "/c/acme/access-log/",
        "person's history": f"/c/acme/contacts/people/{person.pk}/",
        "member's history": f"/c/acme/members/{member.pk}/history/",
        "own security events": "/security/",
        "members' security events": "/c/acme/security/",
    }


def test_log_and_history_pages_show_no_raw_values(world: World, activity: dict[str, str]) -> None:
    owner = sign_in(Client(), world.a.user(perms.OWNER))
    for page, url in activity.items():
        response = owner.get(url)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert "<details class=\"raw\">" in html or page.endswith("security events"), page
        assert _raw_values(_visible_text(html)) == [], page


def test_the_raw_values_stay_behind_the_toggle(world: World, activity: dict[str, str]) -> None:
    owner = sign_in(Client(), world.a.user(perms.OWNER))
    audit = owner.get(activity["audit log"]).content.decode()
    assert "contacts.contactperson" in audit  # in the details, for those who need it
    assert "Contact person" in _visible_text(audit)
    assert "Job title" in _visible_text(audit)
    access = _visible_text(owner.get(activity["access log"]).content.decode())
    assert "Viewed" in access
    assert "Listed" in access
    events = _visible_text(owner.get(activity["own security events"]).content.decode())
    assert "Signed in" in events
    assert "account:login:success" not in events
    assert "New device: yes" in events


def test_the_check_itself_finds_raw_values() -> None:
    assert _raw_values("contacts.contactperson #1") == ["contacts.contactperson"]
    assert _raw_values("at 2026-12-07T10:00:00+00:00") == ["2026-12-07T10:00"]
    assert _raw_values("organisation_id: 3") == ["organisation_id"]
    assert len(_raw_values("5f0c6a4e-8d1e-4c1b-9a3e-2b7d0c9e1f00")) == 1
