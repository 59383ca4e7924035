"""Support access tests share the real SMTP server fixture of the identity tests."""

from tests.identity.conftest import smtp_outbox  # noqa: F401  (fixture)
