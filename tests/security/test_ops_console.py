"""The operator console's findings register: operators only, accepting an exception and
resolving a finding through audited actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.security.models import Status
from tests.auth import sign_in
from tests.conftest import World
from tests.security.action_cases import make_finding

PATH = "/ops/security/findings/"


def test_anonymous_visitors_are_sent_to_sign_in(db: None) -> None:
    response = Client().get(PATH)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [*perms.BUILTIN_ROLES, "outsider"])
def test_company_members_get_not_found(world: World, role: str) -> None:
    finding = make_finding()
    user = world.b.user(perms.OWNER) if role == "outsider" else world.a.user(role)
    client = sign_in(Client(), user)
    assert client.get(PATH).status_code == 404
    assert client.get(f"{PATH}{finding.pk}/").status_code == 404
    answer = client.post(f"{PATH}{finding.pk}/resolve/", {"resolution": "x"})
    assert answer.status_code == 404
    finding.refresh_from_db()
    assert finding.status == Status.OPEN


def test_operators_list_accept_and_resolve(world: World) -> None:
    late = make_finding(due_at=timezone.now() - timedelta(days=1))
    other = make_finding(package="jinja2")
    client = sign_in(Client(), world.operator)
    page = client.get(PATH).content.decode()
    assert late.advisory_id in page
    assert "overdue" in page
    assert "Vulnerability findings</a>" in client.get("/ops/").content.decode()
    assert client.get(f"{PATH}999999/").status_code == 404

    too_late = (timezone.localdate() + timedelta(days=400)).isoformat()
    refused = client.post(f"{PATH}{late.pk}/accept/", {"reason": "r", "expires": too_late})
    assert refused.status_code == 400
    expires = (timezone.localdate() + timedelta(days=60)).isoformat()
    accepted = client.post(f"{PATH}{late.pk}/accept/",
                           {"reason": "Not reachable here.", "expires": expires})
    assert accepted.status_code == 302
    late.refresh_from_db()
    assert late.status == Status.ACCEPTED
    assert str(late.exception_expires) == expires

    resolved = client.post(f"{PATH}{other.pk}/resolve/", {"resolution": "Upgraded."})
    assert resolved.status_code == 302
    other.refresh_from_db()
    assert (other.status, other.resolution) == (Status.FIXED, "Upgraded.")
    events = AuditEvent.objects.filter(actor_name=world.operator.display_name)
    assert set(events.values_list("event_type", flat=True)) == {
        AuditEventType.FINDING_EXCEPTION_ACCEPTED, AuditEventType.FINDING_RESOLVED,
    }
