"""P-A1: e-mail codes (over a real SMTP server) and SMS codes (through the carrier interface)
as second factors: 6 digits, 10 minutes, single use, bound to the sign-in attempt, throttled
sending that never resets the count of wrong codes, and enrolment that proves the number."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.core.exceptions import ValidationError
from django.test import Client

from strongroom.identity import throttle
from strongroom.identity.factors import codes, sms
from strongroom.identity.factors.actions import add_code_channel
from strongroom.identity.models import CodeChannel
from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import user_actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from tests.auth import second_factor_step, sign_in
from tests.clock import REAL_TIME, advance_clock, set_clock
from tests.conftest import World
from tests.factories import TEST_PASSWORD, UserFactory

SIGN_IN_STEP = "/accounts/2fa/authenticate/"


@pytest.fixture
def sms_outbox(settings: Any, tmp_path: Path) -> sms.OutboxCarrier:
    settings.DATA_DIR = tmp_path
    settings.STRONGROOM_SMS_GATEWAY_URL = ""
    return sms.OutboxCarrier(tmp_path / "sms-outbox")


def _password(client: Client, email: str) -> Any:
    response = client.post("/accounts/login/", {"login": email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content
    return response


def _mailed_code(outbox: list[Any]) -> str:
    message = next(m for m in reversed(outbox) if "code" in str(m["Subject"]))
    found = re.search(r"^\s+(\d{6})\s*$", message.get_content(), re.MULTILINE)
    assert found, message.get_content()
    return found.group(1)


def _texted_code(outbox: sms.OutboxCarrier) -> str:
    found = re.search(r"\b(\d{6})\b", str(outbox.messages()[-1]["text"]))
    assert found
    return found.group(1)


def _methods(client: Client) -> list[tuple[str, str]]:
    records = client.session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])
    return [(r["method"], r.get("type", "")) for r in records]


def test_an_email_code_signs_in_once_over_real_smtp(world: World, smtp_outbox: list[Any]) -> None:
    user = world.a.user(perms.EMPLOYEE)
    CodeChannel.objects.create(user=user, kind=CodeChannel.Kind.EMAIL)
    client = Client()
    assert _password(client, user.email)["Location"] == SIGN_IN_STEP
    page = client.get(SIGN_IN_STEP).content.decode()
    assert "Send a code to e…e@acme.test" in page
    assert "anyone who can read your mailbox" in page  # the risk is stated
    assert client.post(SIGN_IN_STEP, {"send_code": "email"}).status_code == 302
    code = _mailed_code(smtp_outbox)
    assert code not in str(smtp_outbox[-1]["Subject"])  # not on the lock screen
    assert second_factor_step(client, code).status_code == 302
    assert client.get("/c/acme/").status_code == 200
    assert ("mfa", "email") in _methods(client)

    other = Client()  # another sign-in attempt cannot use the code
    _password(other, user.email)
    refused = other.post(SIGN_IN_STEP, {"code": code})
    assert "Incorrect code" in refused.content.decode()
    assert other.get("/c/acme/").status_code == 302


def test_an_email_code_that_cannot_be_sent_is_said_so(
    world: World, smtp_outbox: list[Any], settings: Any
) -> None:
    user = world.a.user(perms.EMPLOYEE)
    CodeChannel.objects.create(user=user, kind=CodeChannel.Kind.EMAIL)
    client = Client()
    _password(client, user.email)
    with socket.socket() as probe:  # a port nothing listens on: the mail server is down
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]
    page = client.post(SIGN_IN_STEP, {"send_code": "email"}, follow=True)
    assert page.status_code == 200
    assert "The e-mail could not be sent. Try again later." in page.content.decode()
    assert "We sent a code" not in page.content.decode()
    assert smtp_outbox == []


def test_an_sms_code_signs_in(world: World, sms_outbox: sms.OutboxCarrier) -> None:
    user = world.a.user(perms.EMPLOYEE)
    CodeChannel.objects.create(user=user, kind=CodeChannel.Kind.SMS, phone="+4791234567")
    client = Client()
    _password(client, user.email)
    assert "SIM swap" in client.get(SIGN_IN_STEP).content.decode()
    client.post(SIGN_IN_STEP, {"send_code": "sms"})
    assert sms_outbox.messages()[-1]["to"] == "+4791234567"
    code = _texted_code(sms_outbox)
    assert len(code) == codes.DIGITS == 6
    assert second_factor_step(client, code).status_code == 302
    assert ("mfa", "sms") in _methods(client)


def _sms_code_sent(world: World) -> Client:
    """An employee with SMS codes, past the password and with a code on its way."""
    user = world.a.user(perms.EMPLOYEE)
    CodeChannel.objects.create(user=user, kind=CodeChannel.Kind.SMS, phone="+4791234567")
    client = Client()
    _password(client, user.email)
    client.post(SIGN_IN_STEP, {"send_code": "sms"})
    return client


def test_a_code_expires_after_ten_minutes(
    world: World, sms_outbox: sms.OutboxCarrier, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _sms_code_sent(world)
    advance_clock(monkeypatch, codes.LIFETIME_SECONDS + 1)
    # The sign-in attempt itself is still open (allauth's own time-out is 15 minutes).
    refused = client.post(SIGN_IN_STEP, {"code": _texted_code(sms_outbox)})
    assert refused.status_code == 200
    assert "Incorrect code" in refused.content.decode()


def test_resending_is_throttled_and_never_resets_the_wrong_code_count(
    world: World, sms_outbox: sms.OutboxCarrier, monkeypatch: pytest.MonkeyPatch,
    shared_cache: str,
) -> None:
    """On both shared caches (database table and Redis), as every instance counts there."""
    client = _sms_code_sent(world)
    again = client.post(SIGN_IN_STEP, {"send_code": "sms"}, follow=True)
    assert "Wait 30 seconds" in again.content.decode()
    assert len(sms_outbox.messages()) == 1

    monkeypatch.setattr(throttle, "CODE_RESEND_SECONDS", 0)  # let new codes through at once
    for round_ in range(2):  # two codes, five wrong tries each: every try counts
        code = _texted_code(sms_outbox)
        wrong = f"{(int(code) + 1) % 10**6:06d}"
        for _ in range(codes.WRONG_TRIES_PER_CODE):
            client.post(SIGN_IN_STEP, {"code": wrong})
        voided = client.post(SIGN_IN_STEP, {"code": code})  # five wrong tries void the code
        assert voided.status_code == 200, round_
        client.post(SIGN_IN_STEP, {"send_code": "sms"})
    blocked = client.post(SIGN_IN_STEP, {"code": _texted_code(sms_outbox)})
    assert "Too many wrong codes" in blocked.content.decode()
    assert client.get("/c/acme/").status_code == 302


def test_enrolling_a_phone_number_proves_it_with_a_code(
    world: World, sms_outbox: sms.OutboxCarrier
) -> None:
    user = world.a.user(perms.EMPLOYEE)  # no factor yet: first sign-in
    client = Client()
    _password(client, user.email)
    assert client.get("/c/acme/").status_code == 302
    page = client.get("/accounts/2fa/codes/")
    assert page.status_code == 200
    assert "restricted" in page.content.decode()
    bad = client.post("/accounts/2fa/codes/", {"step": "send_sms", "phone": "912 34 567"})
    assert "international form" in bad.content.decode()
    client.post("/accounts/2fa/codes/", {"step": "send_sms", "phone": "+47 912 34 567"})
    assert sms_outbox.messages()[-1]["to"] == "+4791234567"
    wrong = client.post("/accounts/2fa/codes/", {"step": "confirm", "code": "000000"})
    assert "Incorrect or expired code" in wrong.content.decode()
    assert not CodeChannel.objects.filter(user=user).exists()
    code = _texted_code(sms_outbox)
    done = client.post("/accounts/2fa/codes/", {"step": "confirm", "code": code})
    assert done.status_code == 302
    channel = CodeChannel.objects.get(user=user)
    assert (channel.kind, channel.phone) == ("sms", "+4791234567")
    assert client.get("/c/acme/").status_code == 200  # typing the code back used the factor
    entry = AuditEvent.objects.get(event_type=AuditEventType.CODE_CHANNEL_ADDED)
    assert entry.changes["phone"] == [None, "+47•••••567"]  # history keeps the number masked

    # Turning a factor off needs the password (or a factor) again.
    remove = {"step": "remove", "kind": "sms"}
    asked = client.post("/accounts/2fa/codes/", remove)
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    assert CodeChannel.objects.filter(user=user).exists()
    client.post(asked["Location"], {"password": TEST_PASSWORD})
    assert client.post("/accounts/2fa/codes/", remove).status_code == 302
    assert not CodeChannel.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(event_type=AuditEventType.CODE_CHANNEL_REMOVED).exists()


def test_code_only_accounts_confirm_it_is_them_with_a_code(
    world: World, smtp_outbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Creating an API key needs a second factor within 15 minutes: a code does it too."""
    user = world.a.user(perms.EMPLOYEE)
    CodeChannel.objects.create(user=user, kind=CodeChannel.Kind.EMAIL)
    client = Client()
    _password(client, user.email)
    client.post(SIGN_IN_STEP, {"send_code": "email"})
    second_factor_step(client, _mailed_code(smtp_outbox))
    advance_clock(monkeypatch, 16 * 60)
    # The cache table expires keys by the wall clock, which the test does not move.
    monkeypatch.setattr(throttle, "CODE_RESEND_SECONDS", 0)
    asked = client.post("/c/acme/api-keys/", {"name": "Export", "expires_in_days": "30"})
    assert asked["Location"].startswith("/accounts/2fa/reauthenticate/")
    step = asked["Location"]
    assert "Send a code to" in client.get(step).content.decode()
    client.post(step, {"send_code": "email"})
    assert client.post(step, {"code": _mailed_code(smtp_outbox)}).status_code == 302
    created = client.post("/c/acme/api-keys/", {"name": "Export", "expires_in_days": "30"})
    assert created.status_code == 200
    assert "sr_live_" in created.content.decode()


def test_operators_cannot_turn_on_email_or_sms_codes(world: World, smtp_outbox: list[Any]) -> None:
    """Operators keep to an authenticator app or a passkey (P-B4): the code page sends them
    back, and the action refuses even when called directly."""
    client = sign_in(Client(), world.operator)
    refused = client.get("/accounts/2fa/codes/")
    assert refused.status_code == 302
    assert refused["Location"] == "/accounts/2fa/"
    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    sending = client.post("/accounts/2fa/codes/", {"step": "send_email"})
    assert sending["Location"] == "/accounts/2fa/"
    assert not any("code" in str(m["Subject"]) for m in smtp_outbox)  # nothing was sent
    with pytest.raises(ValidationError, match="authenticator app or a passkey"):
        add_code_channel(actor=user_actor(world.operator), kind="email")
    assert not CodeChannel.objects.filter(user=world.operator).exists()


def test_one_address_cannot_send_codes_to_many_accounts_or_guess_across_them(
    world: World, sms_outbox: sms.OutboxCarrier, monkeypatch: pytest.MonkeyPatch,
    shared_cache: str,
) -> None:
    """P-A4: sending and guessing are limited per address and installation-wide too, so
    spreading over accounts (or SMS pumping) does not get around the per-account limits."""
    set_clock(monkeypatch, REAL_TIME() // 60 * 60 + 5)  # every count in one window
    monkeypatch.setattr(throttle, "CODE_SENDS_PER_ADDRESS", 3)
    monkeypatch.setattr(throttle, "CODE_FAILURES_PER_ADDRESS", 3)
    users = [UserFactory(email=f"person{n}@acme.test") for n in range(5)]
    holders: list[dict[str, Any]] = [{} for _ in users]
    attacker, other = "203.0.113.7", "198.51.100.2"
    for user, holder in zip(users[:3], holders, strict=False):
        codes.issue(holder, user=user, kind="email", purpose="sign-in", ip=attacker)
    with pytest.raises(codes.CodeError, match="Wait"):
        codes.issue(holders[3], user=users[3], kind="email", purpose="sign-in", ip=attacker)
    codes.issue(holders[3], user=users[3], kind="email", purpose="sign-in", ip=other)

    for user, holder in zip(users[:3], holders, strict=False):  # one wrong guess per account
        assert codes.verify(holder, user=user, code="000000", ip=attacker) is None
    with pytest.raises(codes.CodeError, match="Too many wrong codes"):
        codes.verify(holders[3], user=users[3], code="000000", ip=attacker)
    assert codes.verify(holders[3], user=users[3], code="000000", ip=other) is None  # counted

    monkeypatch.setattr(throttle, "CODE_SENDS_PER_MINUTE", 5)  # 4 sent so far, installation-wide
    codes.issue(holders[4], user=users[4], kind="email", purpose="sign-in", ip="192.0.2.9")
    with pytest.raises(codes.CodeError, match="Wait"):
        codes.issue({}, user=world.a.user(perms.ADMIN), kind="email", purpose="sign-in",
                    ip="192.0.2.10")
