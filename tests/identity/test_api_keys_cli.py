"""P-B4 and P-A3: ``strongroom apikey create`` issues a member's key only within the company's
support grant and only for an account with a second factor, and announces it at once."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, RequestFactory
from django.utils import timezone

from strongroom.identity.models import ApiKey
from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Channel
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from strongroom.project.management.commands.apikey import host_user
from strongroom.support.models import GrantScope
from strongroom.web.actor import company_actor
from tests.auth import enrol_totp, sign_in
from tests.conftest import World
from tests.factories import make_api_key
from tests.support.factories import make_grant

A = "/api/v1/companies/acme"
MANAGER = "manager@acme.test"


def bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR="198.51.100.23")


def issue(*args: str, user: str = MANAGER) -> str:
    """Run the command; the full key it printed (its last line)."""
    out = StringIO()
    call_command("apikey", "create", "--user", user, "--company", "acme", *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def refused(match: str, **kwargs: Any) -> None:
    with pytest.raises(CommandError, match=match):
        issue(**kwargs)
    assert not ApiKey.objects.exists()
    assert not AuditEvent.objects.filter(event_type=T.APIKEY_CREATED).exists()
    assert mail.outbox == []


def test_refused_for_an_account_without_a_second_factor(world: World) -> None:
    make_grant(world.a)  # even with the company's consent
    refused("no second factor enrolled")


def test_refused_without_a_live_grant_covering_the_member(world: World) -> None:
    enrol_totp(world.a.user(perms.MANAGER))
    refused("no live support grant")
    make_grant(world.a, member=world.a.members[perms.EMPLOYEE])  # another member only
    refused("no live support grant")
    revoked = make_grant(world.a)
    revoked.revoked_at = timezone.now()
    revoked.save()
    refused("no live support grant")
    make_grant(world.b)  # another company's consent
    refused("no live support grant")
    with pytest.raises(CommandError, match="not a member"):
        call_command("apikey", "create", "--user", MANAGER, "--company", "globex")


def test_issued_within_a_grant_announced_and_audited(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    manager, owner = world.a.user(perms.MANAGER), world.a.user(perms.OWNER)
    enrol_totp(manager)
    grant = make_grant(world.a, hours=48)
    with django_capture_on_commit_callbacks(execute=True):
        full_key = issue("--name", "Ticket 42 import", "--expires", "30")
    key = ApiKey.objects.get()
    assert (key.user, key.support_grant, key.read_only) == (manager, grant, False)
    assert key.expires_at <= grant.expires_at  # 30 days asked; the grant ends sooner
    assert key.issued_by == f"{host_user()} on the command line"
    assert bearer(full_key).get(f"{A}/members").status_code == 200

    event = AuditEvent.objects.get(event_type=T.APIKEY_CREATED, company=world.a.company)
    assert (event.channel, event.credential) == ("cli", "strongroom apikey create")
    assert event.changes["issued_by"][1] == key.issued_by
    assert event.changes["support_grant"][1] == grant.pk

    assert sorted(m.to[0] for m in mail.outbox) == sorted([manager.email, owner.email])
    for message in mail.outbox:
        assert "issued from the command line in Acme" in message.subject
        assert key.prefix in message.body
        assert "Ticket 42 import" in message.body
        assert f"by {key.issued_by}" in message.body
        assert "Role: Manager" in message.body
        assert f"{key.expires_at:%Y-%m-%d %H:%M} UTC" in message.body
        assert re.search(r"https://\S*/c/acme/api-keys/", message.body)
        assert full_key not in message.body

    page = sign_in(Client(), manager).get("/c/acme/api-keys/").content.decode()
    assert f"Issued by {key.issued_by} under support grant #{grant.pk}" in page

    grant.revoked_at = timezone.now()
    grant.save()
    assert bearer(full_key).get(f"{A}/members").status_code == 401  # consent gone, key dead


def test_uses_name_the_key_and_its_grant_and_never_touch_credentials(world: World) -> None:
    enrol_totp(world.a.user(perms.ADMIN))
    grant = make_grant(world.a)
    issue(user="admin@acme.test")
    key = ApiKey.objects.select_related("user", "company").get()
    request = RequestFactory().get(A, REMOTE_ADDR="198.51.100.23")
    actor = company_actor(request, "acme", principal=key, channel=Channel.API)
    assert actor.credential == f"api key {key.prefix} (support grant {grant.pk})"
    assert not {"apikey.create", "apikey.revoke_any", "support.manage"} & actor.permissions
    assert "contact.manage" in actor.permissions  # otherwise the admin's role of the moment


def test_a_key_under_a_grant_revokes_no_key_but_itself(world: World) -> None:
    admin = world.a.members[perms.ADMIN]
    enrol_totp(admin.user)
    make_grant(world.a)
    full_key = issue(user="admin@acme.test")
    issued = ApiKey.objects.get()
    own, _ = make_api_key(admin)
    other, _ = make_api_key(world.a.members[perms.MANAGER])
    for target in (own, other):
        assert bearer(full_key).delete(f"{A}/api-keys/{target.pk}").status_code == 403
        target.refresh_from_db()
        assert target.revoked_at is None
    assert bearer(full_key).delete(f"{A}/api-keys/{issued.pk}").status_code == 204
    assert bearer(full_key).get(f"{A}/members").status_code == 401


def test_a_read_only_grant_gives_a_read_only_key(world: World) -> None:
    enrol_totp(world.a.user(perms.MANAGER))
    make_grant(world.a, scope=GrantScope.READ_ONLY)
    issue()
    assert ApiKey.objects.get().read_only


def test_roles_without_keys_are_still_refused(world: World) -> None:
    enrol_totp(world.a.user(perms.AUDITOR))
    make_grant(world.a)
    refused("may not hold API keys", user="auditor@acme.test")


def test_the_help_states_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        call_command("apikey", "create", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "must have a second factor enrolled" in text
    assert "live support grant that covers the member" in text
    assert "e-mailed at once" in text
