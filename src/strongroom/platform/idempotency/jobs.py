"""Old answers to idempotent writes are forgotten every hour."""

from __future__ import annotations

from datetime import timedelta

from strongroom.platform.access.actor import Actor
from strongroom.platform.idempotency.answers import forget_expired
from strongroom.platform.jobs.registry import periodic


@periodic(name="idempotency.forget_expired", every=timedelta(hours=1))
def forget_expired_answers(actor: Actor) -> str:
    """Delete kept answers to API writes older than STRONGROOM_IDEMPOTENCY_KEY_HOURS."""
    return f"{forget_expired()} expired answer(s) forgotten"
