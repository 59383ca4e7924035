"""Identity test helpers: the shared cache under test, database table or real Redis."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest

DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "strongroom_cache",
}


def redis_url() -> str:
    """``make test`` finds or starts a Redis (scripts/testredis.py); else the local default."""
    return os.environ.get("STRONGROOM_TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture(params=["database", "redis"])
def shared_cache(request: pytest.FixtureRequest, settings: Any) -> str:
    """Run the test once with each shared cache Strongroom supports."""
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url(),
                "KEY_PREFIX": f"strongroom-test-{uuid.uuid4().hex}",
            }
        }
    else:
        settings.CACHES = {"default": DATABASE_CACHE}
    return str(request.param)


@pytest.fixture
def smtp_outbox(settings: Any) -> Any:
    """A real SMTP server (aiosmtpd) on 127.0.0.1, with Django's SMTP backend pointed at it.
    Yields the list of received messages (``email.message.Message``)."""
    import email
    import socket
    from email.policy import default as default_policy

    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Collect:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(email.message_from_bytes(envelope.content, policy=default_policy))
            return "250 Message accepted"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    try:
        yield received
    finally:
        controller.stop()
