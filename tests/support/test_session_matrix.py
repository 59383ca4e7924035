"""Every route of the permission matrix (tests/*/routes.py) during support access: a read-only
session refuses every write and form, a full session records both identities in every write."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.test import Client

from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.support.models import GrantScope
from strongroom.support.permissions import NEVER_WHILE_IMPERSONATING
from tests.conftest import World
from tests.matrix import OWN, Route
from tests.support.factories import impersonating
from tests.test_permission_matrix import OK, ROUTES, _is_write, _request

pytestmark = pytest.mark.django_db

WRITES = [route for route in ROUTES if _is_write(route)]
READS = [route for route in ROUTES if not _is_write(route)]
# Credentials and grants stay the member's and the company's own, even in a full session.
NEVER = [route for route in WRITES if route.permission in NEVER_WHILE_IMPERSONATING]
CHANGES = [route for route in WRITES if route.method != "GET" and route not in NEVER]


def _ids(route: Route) -> str:
    return f"{route.method} {route.name}"


def _prepared(route: Route, world: World) -> Route:
    """``route`` with its path and data built now: builders may create records (and their
    history) that are not part of the request under test."""
    path = route.path(world, OWN)
    data = route.data(world) if route.data else None
    return replace(route, path=lambda w, s: path, data=(lambda w: data) if route.data else None)


@pytest.mark.parametrize("route", WRITES, ids=_ids)
def test_read_only_session_refuses_every_write(route: Route, world: World) -> None:
    client = Client()
    impersonating(
        client, world.a, world.operator, role=route.permitted_role, scope=GrantScope.READ_ONLY
    )
    route = _prepared(route, world)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = _request(client, route, world, OWN)
    assert response.status_code == 403, response.content
    [logged] = AuditEvent.objects.exclude(pk__in=before)  # the refused request, nothing else
    assert logged.event_type == AuditEventType.SUPPORT_REQUEST
    assert logged.extra["status"] == 403


@pytest.mark.parametrize("route", READS, ids=_ids)
def test_read_only_session_reads_what_the_member_reads(route: Route, world: World) -> None:
    client = Client()
    impersonating(
        client, world.a, world.operator, role=route.permitted_role, scope=GrantScope.READ_ONLY
    )
    response = _request(client, route, world, OWN)
    assert response.status_code in OK + route.extra_ok_statuses, response.content


@pytest.mark.parametrize("route", NEVER, ids=_ids)
def test_full_session_never_changes_credentials_or_grants(route: Route, world: World) -> None:
    client = Client()
    impersonating(client, world.a, world.operator, role=route.permitted_role)
    response = _request(client, route, world, OWN)
    assert response.status_code == 403, response.content


@pytest.mark.parametrize("route", CHANGES, ids=_ids)
def test_full_session_writes_record_both_identities(route: Route, world: World) -> None:
    client = Client()
    session = impersonating(client, world.a, world.operator, role=route.permitted_role)
    route = _prepared(route, world)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = _request(client, route, world, OWN)
    assert response.status_code in OK + route.extra_ok_statuses, response.content
    new = list(AuditEvent.objects.exclude(pk__in=before))
    writes = [e for e in new if e.event_type != AuditEventType.SUPPORT_REQUEST]
    if response.status_code not in OK:
        # A route whose valid call the matrix cannot make (a multipart upload answered 422):
        # the refused request must have written nothing.
        assert not writes, f"{route.name} was refused but wrote history"
    else:
        assert writes, f"{route.name} wrote nothing to history"
    member = session.member.user
    for event in new:
        assert (event.actor_user_id, event.support_user_id) == (member.pk, world.operator.pk)
        assert (event.channel, event.credential) == ("support", session.credential)
        assert event.support_email == world.operator.email
