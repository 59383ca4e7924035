"""Serving behind a load balancer: retried API writes and graceful shutdown (docs/operations.md)."""

from __future__ import annotations

from strongroom.project import env

# How long the answer to an API write is kept under its Idempotency-Key (at least a day).
STRONGROOM_IDEMPOTENCY_KEY_HOURS = env.get_int("IDEMPOTENCY_KEY_HOURS", 24, minimum=24)
# After SIGTERM, how long an instance answers /readyz with 503 before it stops taking requests:
# long enough for the proxy's health check to take it out of rotation.
STRONGROOM_DRAIN_SECONDS = env.get_int("DRAIN_SECONDS", 3, minimum=0)
