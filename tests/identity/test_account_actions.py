"""P-A6: deactivation and a second-factor reset end every session of the account at once."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from strongroom.identity.models import SecurityEvent
from strongroom.identity.security_events import Tag
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from tests.auth import enrol_totp, sign_in
from tests.conftest import World
from tests.factories import TEST_PASSWORD, make_api_key


def account(*args: str) -> str:
    out = StringIO()
    call_command("account", *args, stdout=out)
    return out.getvalue()


def test_deactivation_ends_sessions_and_keys_until_reactivated(world: World) -> None:
    member = world.a.members["employee"]
    user = member.user
    tracked = sign_in(Client(), user)
    untracked = Client()
    untracked.force_login(user)  # a session allauth never registered
    _, key = make_api_key(member)
    assert tracked.get("/c/acme/").status_code == 200
    assert "Deactivated" in account("deactivate", user.email)
    assert tracked.get("/c/acme/").status_code == 302
    assert untracked.get("/c/acme/").status_code == 302
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert bearer.get("/api/v1/companies/acme").status_code == 401
    refused = Client().post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert refused.status_code != 302 or "inactive" in refused["Location"]
    event = AuditEvent.objects.get(event_type=T.USER_DEACTIVATED)
    assert (event.company_id, event.channel) == (None, "cli")
    assert SecurityEvent.objects.filter(user=user, tag=Tag.DEACTIVATED).exists()

    account("reactivate", user.email)
    assert bearer.get("/api/v1/companies/acme").status_code == 200
    assert AuditEvent.objects.filter(event_type=T.USER_REACTIVATED).count() == 1


@pytest.mark.django_db(transaction=True)  # the notice is mailed after the reset commits
def test_resetting_factors_ends_sessions_and_asks_for_a_new_factor(
    world: World, smtp_outbox: list[Any]
) -> None:
    user = world.a.user("owner")
    enrol_totp(user)
    client = sign_in(Client(), user)
    assert client.get("/c/acme/").status_code == 200
    assert "Removed" in account("reset-factors", user.email)
    assert not Authenticator.objects.filter(user=user).exists()
    assert client.get("/c/acme/").status_code == 302  # signed out
    again = Client()
    again.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    response = again.get("/c/acme/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    assert any("second factors" in str(m["Subject"]) for m in smtp_outbox)
    assert AuditEvent.objects.filter(event_type=T.SECOND_FACTORS_RESET).count() == 1


def test_unknown_accounts_are_a_clear_error(world: World) -> None:
    with pytest.raises(CommandError, match=r"No account for 'nobody@acme\.test'"):
        account("deactivate", "nobody@acme.test")
