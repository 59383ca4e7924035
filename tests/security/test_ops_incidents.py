"""The incident register's pages: the operator console (operators only; counts, never names)
and the affected company's own view (its people by name)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.history import read_log
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AccessRead, AuditEvent
from strongroom.security.models import AffectedCompany, Incident, Notice, NoticeSending
from tests.auth import sign_in
from tests.conftest import World
from tests.contacts.factories import make_person
from tests.identity.conftest import smtp_outbox  # noqa: F401  (fixture)
from tests.security.action_cases import make_incident

PATH = "/ops/security/incidents/"


@pytest.mark.parametrize("role", [perms.OWNER, perms.ADMIN, "outsider"])
def test_company_members_get_not_found(world: World, role: str) -> None:
    incident = make_incident()
    user = world.b.user(perms.OWNER) if role == "outsider" else world.a.user(role)
    client = sign_in(Client(), user)
    assert client.get(PATH).status_code == 404
    assert client.get(f"{PATH}{incident.pk}/").status_code == 404
    opened = client.post(f"{PATH}open/", {"title": "x", "severity": "low", "category": "other"})
    assert opened.status_code == 404
    scoped = client.post(f"{PATH}{incident.pk}/scope/", {"user": world.a.user("owner").email})
    assert scoped.status_code == 404
    assert Incident.objects.count() == 1
    assert not incident.affected.exists()


def test_an_operator_runs_an_incident_and_the_company_sees_its_people(
    world: World, smtp_outbox: list[Any], django_capture_on_commit_callbacks: Any,  # noqa: F811
) -> None:
    employee = world.a.members[perms.EMPLOYEE]
    person = make_person(world.a, name="Kari Nordmann")
    reader = world.a.actor(perms.MANAGER)
    read_log.note_reads(reader, [employee, person], purpose="view")

    client = sign_in(Client(), world.operator)
    assert "Security incidents</a>" in client.get("/ops/").content.decode()
    opened = client.post(f"{PATH}open/", {
        "title": "Manager's laptop stolen", "severity": "high", "category": "data_loss",
    })
    assert opened.status_code == 302
    incident = Incident.objects.get()
    page = f"{PATH}{incident.pk}/"
    assert client.post(f"{page}timeline/", {"milestone": "confirmed"}).status_code == 302
    refused = client.post(f"{page}scope/", {"user": "nobody@nowhere.test"})
    assert refused.status_code == 400
    assert "No such account." in refused.content.decode()
    scoped = client.post(f"{page}scope/", {"user": world.a.user(perms.MANAGER).email})
    assert scoped.status_code == 302

    shown = client.get(page).content.decode()
    assert "Acme AS" in shown
    assert "Kari Nordmann" not in shown  # operators see counts, never names
    assert employee.user.display_name not in shown
    assert "not sent" in shown
    listing = client.get(PATH).content.decode()
    assert "running" in listing
    assert "h " in listing

    (notice,) = incident.notices.all()
    sent = client.post(f"{page}notices/{notice.pk}/", {
        "subject": notice.subject, "body": notice.body + "\nCall us.", "send": "1",
    })
    assert sent.status_code == 302
    (sending,) = NoticeSending.objects.all()
    assert sending.recipients == ["owner@acme.test"]
    assert sending.body.endswith("Call us.")
    assert set(AuditEvent.objects.filter(actor_name=world.operator.display_name)
               .values_list("event_type", flat=True)) == {
        AuditEventType.INCIDENT_OPENED, AuditEventType.INCIDENT_CONFIRMED,
        AuditEventType.INCIDENT_SCOPE_COMPUTED, AuditEventType.INCIDENT_NOTICE_EDITED,
        AuditEventType.INCIDENT_NOTICE_SENT,
    }
    assert "notified" in client.get(PATH).content.decode()

    owner = sign_in(Client(), world.a.user(perms.OWNER))
    assert f"I-{incident.pk}" in owner.get("/c/acme/incidents/").content.decode()
    before = AccessRead.objects.count()
    own = owner.get(f"/c/acme/incidents/{incident.pk}/").content.decode()
    assert employee.user.display_name in own
    assert str(person.pk) in own
    assert "Call us." in own
    assert AccessRead.objects.filter(object_type="tenancy.membership").count() > 0
    assert AccessRead.objects.count() > before  # the names shown are in the access log
    other = sign_in(Client(), world.b.user(perms.OWNER))
    assert other.get(f"/c/globex/incidents/{incident.pk}/").status_code == 404


def test_the_list_pages_stay_within_their_query_budgets(
    world: World, django_assert_max_num_queries: Any
) -> None:
    operator = sign_in(Client(), world.operator)
    owner = sign_in(Client(), world.a.user(perms.OWNER))
    for _ in range(3):
        incident = make_incident(scope_computed_at=timezone.now())
        AffectedCompany.objects.create(
            incident=incident, company=world.a.company, records=1, people=1, reads=1,
            changes=0, record_ids={}, computed_at=timezone.now(),
        )
        notice = Notice.objects.create(incident=incident, company=world.a.company,
                                       subject="s", body="b", updated_at=timezone.now())
        NoticeSending.objects.create(notice=notice, sent_at=timezone.now(), sent_by_name="x",
                                     recipients=["owner@acme.test"], subject="s", body="b")
    with django_assert_max_num_queries(6):
        assert operator.get(PATH).status_code == 200
    with django_assert_max_num_queries(9):
        assert owner.get("/c/acme/incidents/").status_code == 200
