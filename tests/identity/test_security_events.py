"""P-A7: security events for sign-ins and credential changes, and e-mails through a real SMTP
server for new-device sign-ins and credential changes."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from django.utils import timezone

from strongroom.identity import jobs as identity_jobs
from strongroom.identity.factors.actions import add_code_channel, remove_code_channel
from strongroom.identity.models import SecurityEvent
from strongroom.identity.security_events import Tag
from strongroom.platform.access.actor import system_actor, user_actor
from tests.auth import enrol_totp, second_factor_step, sign_in, totp_code
from tests.clock import REAL_TIME, set_clock
from tests.conftest import World
from tests.factories import TEST_PASSWORD

LAPTOP = "Mozilla/5.0 (X11; Linux x86_64) Laptop"
PHONE = "Mozilla/5.0 (Android 15) Phone"


def _sign_in_for_real(email: str, secret: str, *, browser: str, offset: int = 0) -> Client:
    client = Client(HTTP_USER_AGENT=browser, REMOTE_ADDR="203.0.113.50")
    client.post("/accounts/login/", {"login": email, "password": TEST_PASSWORD})
    code = totp_code(secret, offset=offset)
    response = second_factor_step(client, code)
    assert response.status_code == 302, response.content
    return client


def _tags(user: Any) -> list[str]:
    events = SecurityEvent.objects.filter(user=user).order_by("id")
    return list(events.values_list("tag", flat=True))


def _subjects(outbox: list[Any]) -> list[str]:
    return [str(message["Subject"]) for message in outbox]


def test_a_sign_in_from_a_new_browser_is_recorded_and_mailed(
    world: World, smtp_outbox: list[Any], monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # The middle of a 30-second period, held still: the codes one period ahead and behind
    # stay valid however slowly the three sign-ins run.
    set_clock(monkeypatch, REAL_TIME() // 30 * 30 + 15)
    owner = world.a.user("owner")
    secret = enrol_totp(owner)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        _sign_in_for_real(owner.email, secret, browser=LAPTOP)
    assert smtp_outbox == []  # the mail waits for the sign-in to commit: no request waits for it
    for callback in queued:
        callback()
    assert _tags(owner) == [Tag.LOGIN_SUCCESS]
    event = SecurityEvent.objects.get(user=owner)
    assert (event.ip, event.user_agent) == ("203.0.113.50", LAPTOP)
    assert event.details == {"new_device": True}
    (subject,) = _subjects(smtp_outbox)
    assert subject.endswith("New sign-in to your Strongroom account")
    message = smtp_outbox[0]
    assert message["To"] == owner.email
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "203.0.113.50" in body
    assert LAPTOP in body

    with django_capture_on_commit_callbacks(execute=True):
        _sign_in_for_real(owner.email, secret, browser=LAPTOP, offset=1)  # same browser: no mail
    assert len(smtp_outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        _sign_in_for_real(owner.email, secret, browser=PHONE, offset=-1)
    assert len(smtp_outbox) == 2
    assert _tags(owner) == [Tag.LOGIN_SUCCESS] * 3


def test_failures_are_recorded_for_existing_accounts_only(world: World) -> None:
    owner = world.a.user("owner")
    secret = enrol_totp(owner)
    Client().post("/accounts/login/", {"login": owner.email, "password": "wrong guess"})
    Client().post("/accounts/login/", {"login": "nobody@acme.test", "password": "wrong guess"})
    assert _tags(owner) == [Tag.LOGIN_FAILURE]
    assert SecurityEvent.objects.count() == 1
    client = Client()
    client.post("/accounts/login/", {"login": owner.email, "password": TEST_PASSWORD})
    wrong = f"{(int(totp_code(secret)) + 500_000) % 1_000_000:06d}"
    client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert _tags(owner) == [Tag.LOGIN_FAILURE, Tag.SECOND_FACTOR_FAILURE]


def test_using_a_recovery_code_is_recorded_and_mailed(
    world: World, smtp_outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    owner = world.a.user("owner")
    enrol_totp(owner)
    code = RecoveryCodes.activate(owner).get_unused_codes()[0]
    client = Client(HTTP_USER_AGENT=LAPTOP)
    client.post("/accounts/login/", {"login": owner.email, "password": TEST_PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        second_factor_step(client, code)
    assert Tag.RECOVERY_CODE_USED in _tags(owner)
    assert any("recovery code" in subject for subject in _subjects(smtp_outbox))


def test_a_password_change_is_recorded_and_mailed(world: World, smtp_outbox: list[Any]) -> None:
    owner = world.a.user("owner")
    client = sign_in(Client(), owner)
    new = "another long passphrase 9"
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": TEST_PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert _tags(owner) == [Tag.PASSWORD_CHANGED]
    assert any("Password Changed" in subject for subject in _subjects(smtp_outbox))


@pytest.mark.django_db(transaction=True)  # the mail goes out after the key's transaction commits
def test_a_new_api_key_is_recorded_and_mailed(world: World, smtp_outbox: list[Any]) -> None:
    admin = world.a.user("admin")
    client = sign_in(Client(), admin)
    client.post("/c/acme/api-keys/", {"name": "Export", "expires_in_days": "30"})
    assert _tags(admin) == [Tag.APIKEY_CREATED]
    assert any("API key" in subject for subject in _subjects(smtp_outbox))


def test_users_see_their_own_events_and_admins_their_members(world: World) -> None:
    employee, outsider = world.a.user("employee"), world.b.user("employee")
    for user in (employee, outsider):
        SecurityEvent.objects.create(user=user, tag=Tag.LOGIN_FAILURE, ip="192.0.2.1")
    SecurityEvent.objects.create(
        user=employee, tag=Tag.LOGIN_SUCCESS, occurred_at=timezone.now() - timedelta(days=91)
    )
    own = sign_in(Client(), employee).get("/security/").content.decode()
    assert own.count("account:login:failure") == 1
    assert "account:login:success" not in own  # older than 90 days
    admin = sign_in(Client(), world.a.user("admin"))
    admin_page = admin.get("/c/acme/security/").content.decode()
    assert employee.email in admin_page
    assert outsider.email not in admin_page
    assert Client().get("/security/").status_code == 302


def test_old_events_are_pruned(world: World, settings: Any) -> None:
    settings.STRONGROOM_SECURITY_EVENT_RETENTION_DAYS = 100
    user = world.a.user("employee")
    old = SecurityEvent.objects.create(
        user=user, tag=Tag.LOGOUT, occurred_at=timezone.now() - timedelta(days=101)
    )
    recent = SecurityEvent.objects.create(
        user=user, tag=Tag.LOGOUT, occurred_at=timezone.now() - timedelta(days=99)
    )
    identity_jobs.prune_security_events(system_actor(job="identity.prune_security_events"))
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk
    assert json.dumps(recent.details) == "{}"


@pytest.mark.django_db(transaction=True)  # the mails go out after the actions commit
def test_code_factors_turned_on_and_off_are_recorded_and_mailed(
    world: World, smtp_outbox: list[Any]
) -> None:
    employee = world.a.user("employee")
    actor = user_actor(employee)
    add_code_channel(actor=actor, kind="email")
    remove_code_channel(actor=actor, kind="email")
    assert _tags(employee) == [Tag.SECOND_FACTOR_ADDED, Tag.SECOND_FACTOR_REMOVED]
    events = SecurityEvent.objects.filter(user=employee).order_by("id")
    assert [event.details.get("type") for event in events] == ["email", "email"]
    subjects = _subjects(smtp_outbox)
    assert any("were turned on" in subject for subject in subjects)
    assert any("were turned off" in subject for subject in subjects)
