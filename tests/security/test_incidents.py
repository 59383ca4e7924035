"""The incident register (P-G3): the affected companies are computed from what the scope read
or changed (the acceptance test of a leaked API key), the breach clock runs from awareness, and
each affected company is sent its own notice."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, user_actor
from strongroom.platform.history import read_log
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.status import history as status_history
from strongroom.platform.status.config import from_settings
from strongroom.security import actions, incident_selectors
from strongroom.security.models import AffectedCompany, Incident, IncidentStatus
from tests.clock import REAL_TIME, set_clock
from tests.conftest import World
from tests.contacts.factories import make_person
from tests.factories import MembershipFactory, make_api_key
from tests.identity.conftest import smtp_outbox  # noqa: F401  (fixture)

API = "/api/v1/companies/{slug}"


def _read(client: Client, key: str, slug: str, path: str) -> None:
    answer = client.get(API.format(slug=slug) + path, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 200, answer.content


def _moment() -> Any:
    time.sleep(0.01)  # the reads before and after are apart from the window's edges
    now = timezone.now()
    time.sleep(0.01)
    return now


@pytest.fixture
def operator(world: World) -> Actor:
    return user_actor(world.operator)


def _open(operator: Actor, **extra: Any) -> Incident:
    return actions.open_incident(
        actor=operator, title="API key published in a public repository", severity="high",
        category="credential_leak", **extra,
    )


def test_a_leaked_key_affects_exactly_the_people_it_read_in_the_window(
    world: World, operator: Actor
) -> None:
    client = Client()
    leaked, leaked_key = make_api_key(world.a.members[perms.ACCOUNTANT], name="CI key")
    _other, other_key = make_api_key(world.a.members[perms.MANAGER], name="Other key")
    _b_key, b_key = make_api_key(world.b.members[perms.ACCOUNTANT], name="B key")
    before, inside, inside_too, other_read = (make_person(world.a) for _ in range(4))
    b_person = make_person(world.b)
    member = world.a.members[perms.EMPLOYEE]

    _read(client, leaked_key, "acme", f"/contact-persons/{before.pk}")  # before the window
    start = _moment()
    _read(client, leaked_key, "acme", f"/contact-persons/{inside.pk}")
    _read(client, leaked_key, "acme", f"/contact-persons/{inside_too.pk}")
    _read(client, leaked_key, "acme", f"/contact-persons/{inside.pk}")  # again: one person
    _read(client, leaked_key, "acme", f"/members/{member.pk}")
    _read(client, other_key, "acme", f"/contact-persons/{other_read.pk}")  # another key
    _read(client, b_key, "globex", f"/contact-persons/{b_person.pk}")  # another company
    end = _moment()
    _read(client, leaked_key, "acme", f"/contact-persons/{before.pk}")  # after the window

    incident = _open(operator)
    (row,) = actions.compute_scope(
        actor=operator, incident=incident, api_key=leaked, start=start, end=end
    )
    assert row.company_id == world.a.company.pk
    assert row.record_ids == {
        "contacts.contactperson": sorted([str(inside.pk), str(inside_too.pk)]),
        "tenancy.membership": [str(member.pk)],
    }
    assert (row.people, row.records, row.reads, row.changes) == (3, 3, 4, 0)
    assert incident.scope_credential == f"api key {leaked.prefix}"

    # Kept as computed: later reads by the key change nothing stored.
    _read(client, leaked_key, "acme", f"/contact-persons/{other_read.pk}")
    stored = AffectedCompany.objects.get(incident=incident)
    assert stored.record_ids == row.record_ids
    event = AuditEvent.objects.get(event_type=AuditEventType.INCIDENT_SCOPE_COMPUTED)
    assert event.company_id is None
    assert event.extra == {"companies": {str(world.a.company.pk): [3, 3]}}


def test_a_member_of_two_companies_affects_both_and_each_gets_its_notice(
    world: World, operator: Actor, smtp_outbox: list[Any],  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = world.a.user(perms.MANAGER)
    in_b = MembershipFactory(company=world.b.company, user=user, role=perms.MANAGER)
    a_person, b_person = make_person(world.a), make_person(world.b)
    client = Client()
    _, key_a = make_api_key(world.a.members[perms.MANAGER])
    _, key_b = make_api_key(in_b)
    _read(client, key_a, "acme", f"/contact-persons/{a_person.pk}")
    _read(client, key_b, "globex", f"/contact-persons/{b_person.pk}")

    incident = _open(operator)
    rows = actions.compute_scope(actor=operator, incident=incident, user=user)
    assert {r.company_id: r.people for r in rows} == {
        world.a.company.pk: 1, world.b.company.pk: 1,
    }
    notices = {n.company_id: n for n in incident.notices.all()}
    assert set(notices) == {world.a.company.pk, world.b.company.pk}
    draft = notices[world.b.company.pk].body
    assert "Globex AB" in draft
    assert "1 contact persons" in draft
    assert "without undue delay" in draft
    assert str(b_person.pk) not in draft
    assert "Person" not in draft

    edited = actions.edit_notice(
        actor=operator, notice=notices[world.a.company.pk], subject="Security incident I-1",
        body="Edited text of the notice.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        sending = actions.send_notice(actor=operator, notice=edited)
    assert sending.recipients == [world.a.user(perms.OWNER).email]
    assert (sending.sent_by, sending.body) == (world.operator, "Edited text of the notice.")
    (mailed,) = smtp_outbox
    assert (mailed["To"], mailed["Subject"]) == ("owner@acme.test", "Security incident I-1")
    assert "Edited text of the notice." in mailed.get_content()
    sent = AuditEvent.objects.get(event_type=AuditEventType.INCIDENT_NOTICE_SENT)
    assert sent.extra["company"] == world.a.company.pk
    assert sent.extra["recipients"] == 1

    with pytest.raises(ValidationError, match="fixed"):  # sent: the list stays as it is
        actions.compute_scope(actor=operator, incident=incident, user=user)


def test_the_breach_clock_runs_from_awareness_and_stops_when_every_company_is_told(
    world: World, operator: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_log.note_read(world.a.actor(perms.ADMIN), world.a.members[perms.EMPLOYEE])
    incident = _open(operator)
    assert incident_selectors.clock(incident).state == "not started"

    actions.record_milestone(actor=operator, incident=incident, milestone="confirmed")
    actions.compute_scope(actor=operator, incident=incident, user=world.a.user(perms.ADMIN))
    incident = incident_selectors.incident(operator, incident.pk)
    assert incident.status == IncidentStatus.CONFIRMED
    clock = incident_selectors.clock(incident)
    assert clock.state == "running"
    assert clock.deadline == incident.confirmed_at + timedelta(hours=72)
    assert clock.left_text.endswith("left")
    assert clock.left_text.startswith("71 h")

    set_clock(monkeypatch, REAL_TIME() + 73 * 3600)
    late = incident_selectors.clock(incident)
    assert (late.state, late.overdue) == ("overdue", True)
    assert late.left_text.startswith("1 h")
    assert late.left_text.endswith("overdue")

    monkeypatch.undo()
    (notice,) = incident.notices.all()
    actions.send_notice(actor=operator, notice=notice)
    done = incident_selectors.clock(incident_selectors.incident(operator, incident.pk))
    assert (done.state, done.overdue, done.left_text) == ("notified", False, "")


def test_a_scope_that_touched_nobody_has_nobody_to_notify(world: World, operator: Actor) -> None:
    incident = _open(operator)
    actions.record_milestone(actor=operator, incident=incident, milestone="confirmed")
    assert actions.compute_scope(
        actor=operator, incident=incident, operator=world.operator
    ) == []
    assert incident_selectors.clock(incident).state == "no company affected"


def test_the_timeline_is_recorded_once_and_never_in_the_future(
    world: World, operator: Actor
) -> None:
    incident = _open(operator, detected_at=timezone.now() - timedelta(hours=2))
    with pytest.raises(ValidationError, match="before the incident was detected"):
        actions.record_milestone(actor=operator, incident=incident, milestone="contained",
                                 at=timezone.now() - timedelta(hours=3))
    with pytest.raises(ValidationError, match="future"):
        actions.record_milestone(actor=operator, incident=incident, milestone="confirmed",
                                 at=timezone.now() + timedelta(hours=1))
    actions.record_milestone(actor=operator, incident=incident, milestone="contained")
    actions.record_milestone(actor=operator, incident=incident, milestone="confirmed")
    assert incident.status == IncidentStatus.CONTAINED  # containment came first
    with pytest.raises(ValidationError, match="already"):
        actions.record_milestone(actor=operator, incident=incident, milestone="contained")
    actions.record_milestone(actor=operator, incident=incident, milestone="resolved")
    assert incident.status == IncidentStatus.RESOLVED
    assert list(AuditEvent.objects.filter(object_type="security.incident").order_by(
        "sequence").values_list("event_type", flat=True)) == [
        AuditEventType.INCIDENT_OPENED, AuditEventType.INCIDENT_CONTAINED,
        AuditEventType.INCIDENT_CONFIRMED, AuditEventType.INCIDENT_RESOLVED,
    ]


def test_only_operators_run_incidents(world: World) -> None:
    admin = world.a.actor(perms.OWNER)
    with pytest.raises(Exception):  # noqa: B017, PT011 - NotFound or Forbidden
        actions.open_incident(actor=admin, title="x", severity="low", category="other")
    assert not Incident.objects.exists()
    with pytest.raises(ValidationError):
        actions.compute_scope(actor=user_actor(world.operator), incident=Incident.objects.create(
            title="t", severity="low", category="other", opened_at=timezone.now(),
            detected_at=timezone.now(),
        ))  # no credential, member or operator named


def test_publishing_puts_the_summary_only_on_the_status_page(
    world: World, operator: Actor
) -> None:
    incident = _open(operator)
    actions.update_incident(actor=operator, incident=incident, values={
        "nature": "Contact persons of Acme AS were read.",
    })
    actions.publish_incident(actor=operator, incident=incident, title="API access incident",
                             message="We are investigating unauthorised API access.")
    actions.publish_incident(actor=operator, incident=incident, state="resolved",
                             message="The key is revoked.")
    config = from_settings()
    with status_history.opened(config.history_file) as connection:
        (published,) = [
            i for i in status_history.incidents(connection, automatic=False)
            if i.id == incident.status_page_id
        ]
    assert published.title == "API access incident"
    assert published.ended_at is not None
    page = (config.public_dir / "index.html").read_text()
    assert "API access incident" in page
    assert "Acme" not in page
