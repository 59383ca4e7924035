"""Sending text messages (SMS codes, P-A1) through one interface.

``HttpGatewayCarrier`` posts to an SMS provider's HTTP API (``STRONGROOM_SMS_GATEWAY_URL`` with a
bearer ``STRONGROOM_SMS_GATEWAY_TOKEN``); ``OutboxCarrier`` writes each message to a file in the
data directory, for development and tests (there is no carrier offline). Production without a
gateway has no SMS at all: ``carrier()`` refuses rather than pretending to send.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PHONE_NUMBER = re.compile(r"^\+[1-9][0-9]{6,14}$")  # E.164
TIMEOUT_SECONDS = 10


class SmsError(Exception):
    """The message could not be handed to the carrier (the caller tells the user to retry)."""


class Carrier(Protocol):
    def send(self, *, to: str, text: str) -> str:
        """Hand one message over; returns the carrier's message id."""
        ...


def normalise_number(raw: str) -> str:
    """An E.164 number (``+4712345678``) from what a person typed, or ValueError."""
    number = re.sub(r"[\s().-]", "", raw)
    if number.startswith("00"):
        number = "+" + number[2:]
    if not PHONE_NUMBER.match(number):
        raise ValueError("Enter the number in international form, e.g. +47 912 34 567.")
    return number


@dataclass(frozen=True)
class HttpGatewayCarrier:
    """``POST {url}`` with ``{"to": ..., "text": ...}`` and ``Authorization: Bearer {token}``;
    a 2xx answer with JSON ``{"id": ...}`` means accepted."""

    url: str
    token: str

    def send(self, *, to: str, text: str) -> str:
        if not self.url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise SmsError("SMS gateway URL must use https")
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            self.url,
            data=json.dumps({"to": to, "text": text}).encode(),
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise SmsError(f"SMS gateway refused the message (HTTP {exc.code})") from None
        except OSError as exc:
            raise SmsError(f"SMS gateway unreachable: {type(exc).__name__}") from None
        try:
            return str(json.loads(body)["id"])
        except (ValueError, KeyError, TypeError):
            raise SmsError("SMS gateway answered without a message id") from None


@dataclass(frozen=True)
class OutboxCarrier:
    """Development: each message becomes a JSON file in ``directory``."""

    directory: Path

    def send(self, *, to: str, text: str) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        message_id = uuid.uuid4().hex
        record = {"id": message_id, "to": to, "text": text, "at": time.time()}
        (self.directory / f"{int(time.time() * 1000)}-{message_id}.json").write_text(
            json.dumps(record)
        )
        return message_id

    def messages(self) -> list[dict[str, object]]:
        """Every message written so far, oldest first."""
        if not self.directory.is_dir():
            return []
        return [json.loads(p.read_text()) for p in sorted(self.directory.glob("*.json"))]


def carrier() -> Carrier:
    """The configured carrier: the HTTP gateway when set, the outbox in development."""
    if settings.STRONGROOM_SMS_GATEWAY_URL:
        return HttpGatewayCarrier(
            settings.STRONGROOM_SMS_GATEWAY_URL, settings.STRONGROOM_SMS_GATEWAY_TOKEN
        )
    if settings.PRODUCTION:
        raise ImproperlyConfigured("SMS is not configured: set STRONGROOM_SMS_GATEWAY_URL")
    return OutboxCarrier(Path(settings.DATA_DIR) / "sms-outbox")
