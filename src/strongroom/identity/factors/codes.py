"""One-time codes sent by e-mail or SMS (P-A1).

A code has 6 digits, lives at most 10 minutes, is single use and is bound to where it was
issued: the pending sign-in (allauth's login state), a re-authentication, or an enrolment in
this session. Only an HMAC of it is kept there. Wrong codes count against the account in the
shared cache (identity/throttle.py) and five wrong tries void the code; asking for a new code
is throttled and never resets the count.

These are *restricted* authenticators in NIST SP 800-63B: e-mail can be read by whoever holds
the mailbox, and text messages can be redirected by SIM swap or number porting. ``RISK`` says
so wherever they are offered.
"""

from __future__ import annotations

import hmac
import secrets
import smtplib
import time
from collections.abc import MutableMapping
from typing import Any

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac

from strongroom.identity import throttle
from strongroom.identity.factors import sms
from strongroom.identity.models import CodeChannel
from strongroom.platform.accounts.models import User
from strongroom.platform.metrics.registry import rate_limit_hit

DIGITS = 6
LIFETIME_SECONDS = 10 * 60
WRONG_TRIES_PER_CODE = 5
PENDING_KEY = "strongroom_code"

RISK = {
    CodeChannel.Kind.EMAIL: (
        "E-mail codes are a weaker factor: anyone who can read your mailbox can sign in "
        "with your password. Prefer an authenticator app or a passkey."
    ),
    CodeChannel.Kind.SMS: (
        "Text message codes are a weaker factor: a number can be taken over by SIM swap or "
        "porting, and messages can be intercepted. Prefer an authenticator app or a passkey."
    ),
}


class CodeError(Exception):
    """A code could not be sent or checked; the message is for the person."""


def _digest(code: str, nonce: str) -> str:
    salt = "strongroom.identity.codes"  # the module's old path; a new salt voids codes in flight
    return salted_hmac(salt, f"{nonce}:{code}", algorithm="sha256").hexdigest()


def issue(
    holder: MutableMapping[str, Any], *, user: User, kind: str, phone: str = "", purpose: str,
    ip: str | None,
) -> str:
    """Send a new code for ``user`` by ``kind`` (to ``phone`` for SMS, else the account's
    e-mail), asked for from address ``ip``, and keep its digest in ``holder``. Returns the
    masked destination."""
    wait = throttle.code_send_wait(user.pk, ip)
    if wait:
        rate_limit_hit("code_sends")
        raise CodeError(f"A code was sent recently. Wait {wait} seconds before asking again.")
    code = f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"
    nonce = secrets.token_hex(16)
    _deliver(user, kind, phone, code, purpose)
    holder[PENDING_KEY] = {
        "kind": kind, "phone": phone, "digest": _digest(code, nonce), "nonce": nonce,
        "issued_at": time.time(), "wrong": 0, "user": str(user.pk),
    }
    return CodeChannel(user=user, kind=kind, phone=phone).destination


def pending(holder: MutableMapping[str, Any], user: User) -> dict[str, Any] | None:
    """The unexpired code waiting in ``holder`` for ``user``, if any."""
    entry = holder.get(PENDING_KEY)
    if not isinstance(entry, dict) or entry.get("user") != str(user.pk):
        return None
    if time.time() - float(entry.get("issued_at", 0)) > LIFETIME_SECONDS:
        holder.pop(PENDING_KEY, None)
        return None
    return entry


def verify(
    holder: MutableMapping[str, Any], *, user: User, code: str, ip: str | None
) -> dict[str, Any] | None:
    """The pending entry if ``code`` is its code (now used up), else None. Raises CodeError when
    the account, or address ``ip``, has entered too many wrong codes lately."""
    entry = pending(holder, user)
    if entry is None:
        return None
    if throttle.code_failures_exceeded(user.pk, ip):
        rate_limit_hit("code_failures")
        raise CodeError("Too many wrong codes. Wait a few minutes, then try again.")
    given = "".join(code.split())
    if not hmac.compare_digest(_digest(given, entry["nonce"]), entry["digest"]):
        throttle.count_code_failure(user.pk, ip)
        entry["wrong"] = int(entry.get("wrong", 0)) + 1
        if entry["wrong"] >= WRONG_TRIES_PER_CODE:
            holder.pop(PENDING_KEY, None)
        else:
            holder[PENDING_KEY] = entry
        return None
    holder.pop(PENDING_KEY, None)
    if not throttle.claim_once(entry["nonce"], LIFETIME_SECONDS * 2):
        return None  # the same code raced through another request first
    return entry


def _deliver(user: User, kind: str, phone: str, code: str, purpose: str) -> None:
    minutes = LIFETIME_SECONDS // 60
    if kind == CodeChannel.Kind.SMS:
        text = f"Strongroom {purpose} code: {code}. Valid {minutes} minutes. Never share it."
        try:
            sms.carrier().send(to=phone, text=text)
        except sms.SmsError:
            raise CodeError("The text message could not be sent. Try again later.") from None
        return
    context = {"code": code, "minutes": minutes, "purpose": purpose, "user": user}
    subject = " ".join(render_to_string("identity/email/code_subject.txt", context).split())
    body = render_to_string("identity/email/code_message.txt", context)
    try:  # at once, not through the outbox: a code is useless late and is kept out of the queue
        EmailMessage(subject, body, to=[user.email]).send()
    except (OSError, smtplib.SMTPException):
        raise CodeError("The e-mail could not be sent. Try again later.") from None
