"""The SMS carrier interface: an HTTP gateway (against a real local HTTP server) and the
development outbox behind the same ``send``."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from strongroom.identity.factors import sms


class Gateway:
    """A small SMS gateway: records what it receives, answers as told."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200
        self.answer: dict[str, Any] = {"id": "msg-1"}


@pytest.fixture
def gateway() -> Iterator[tuple[Gateway, str]]:
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            state.received.append(
                {"auth": self.headers["Authorization"], "body": json.loads(self.rfile.read(length))}
            )
            payload = json.dumps(state.answer).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/messages"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("typed", "number"),
    [("+47 912 34 567", "+4791234567"), ("0047 (912) 34-567", "+4791234567"),
     ("+1 415 555 0100", "+14155550100")],
)
def test_numbers_are_normalised_to_e164(typed: str, number: str) -> None:
    assert sms.normalise_number(typed) == number


@pytest.mark.parametrize("typed", ["912 34 567", "+0 12345678", "+47", "call me"])
def test_bad_numbers_are_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="international form"):
        sms.normalise_number(typed)


def test_the_gateway_receives_the_message_with_the_token(gateway: tuple[Gateway, str]) -> None:
    state, url = gateway
    carrier = sms.HttpGatewayCarrier(url, "gateway-token-123456")
    assert carrier.send(to="+4791234567", text="Your code is 123456") == "msg-1"
    assert state.received == [
        {"auth": "Bearer gateway-token-123456",
         "body": {"to": "+4791234567", "text": "Your code is 123456"}}
    ]


@pytest.mark.parametrize(
    ("status", "answer", "message"),
    [
        (500, {"error": "down"}, "HTTP 500"),
        (401, {}, "HTTP 401"),
        (200, {"ok": True}, "without a message id"),
    ],
)
def test_gateway_failures_raise_sms_error(
    gateway: tuple[Gateway, str], status: int, answer: dict[str, Any], message: str
) -> None:
    state, url = gateway
    state.status, state.answer = status, answer
    with pytest.raises(sms.SmsError, match=message):
        sms.HttpGatewayCarrier(url, "t").send(to="+4791234567", text="x")


def test_an_unreachable_gateway_raises_sms_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(sms.SmsError, match="unreachable"):
        sms.HttpGatewayCarrier(f"http://127.0.0.1:{port}/", "t").send(to="+4791234567", text="x")


def test_remote_gateways_must_use_https() -> None:
    with pytest.raises(sms.SmsError, match="https"):
        sms.HttpGatewayCarrier("http://sms.example.com/send", "t").send(to="+4791234567", text="x")


def test_development_uses_the_outbox(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    settings.STRONGROOM_SMS_GATEWAY_URL = ""
    carrier = sms.carrier()
    assert isinstance(carrier, sms.OutboxCarrier)
    message_id = carrier.send(to="+4791234567", text="Your code is 654321")
    (message,) = carrier.messages()
    assert (message["id"], message["to"], message["text"]) == (
        message_id, "+4791234567", "Your code is 654321"
    )
    assert (tmp_path / "sms-outbox").is_dir()


def test_production_without_a_gateway_refuses(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.STRONGROOM_SMS_GATEWAY_URL = ""
    with pytest.raises(ImproperlyConfigured, match="STRONGROOM_SMS_GATEWAY_URL"):
        sms.carrier()


def test_a_configured_gateway_is_used(settings: Any) -> None:
    settings.STRONGROOM_SMS_GATEWAY_URL = "https://sms.example.com/send"
    settings.STRONGROOM_SMS_GATEWAY_TOKEN = "gateway-token-123456"
    carrier = sms.carrier()
    assert carrier == sms.HttpGatewayCarrier("https://sms.example.com/send", "gateway-token-123456")
