"""Claiming an ``Idempotency-Key``, keeping the answer it got, and forgetting old ones.

A write that carries a key runs inside one transaction (``api/idempotency.py``): it first
claims the key (a row that other requests cannot see until the write commits, and whose unique
constraint makes a concurrent request with the same key wait for it), runs, and then keeps its
answer in the claimed row, or gives the claim up when the write failed, so that a retry runs
it again. Answers are kept ``STRONGROOM_IDEMPOTENCY_KEY_HOURS`` (at least 24 hours).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from strongroom.platform.idempotency.models import IdempotentWrite


def kept_for() -> timedelta:
    """How long an answer is kept."""
    return timedelta(hours=settings.STRONGROOM_IDEMPOTENCY_KEY_HOURS)


def find(*, company_id: int, credential: str, key: str) -> IdempotentWrite | None:
    """The kept answer under ``key``, or None; an expired one is forgotten here."""
    found = IdempotentWrite.objects.filter(
        company_id=company_id, credential=credential, key=key
    ).first()
    if found is not None and found.created_at < timezone.now() - kept_for():
        found.delete()
        return None
    return found


def claim(
    *, company_id: int, credential: str, key: str, fingerprint: str
) -> IdempotentWrite | None:
    """Claim ``key`` for the write about to run, inside the caller's transaction; None when
    another write took it first (it committed while this one waited on the claim)."""
    row = IdempotentWrite(
        company_id=company_id, credential=credential, key=key, fingerprint=fingerprint,
        created_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return None
    return row


def keep(
    claimed: IdempotentWrite, *, status: int, content_type: str, location: str, body: str
) -> None:
    """Keep the answer the claimed write got."""
    claimed.status = status
    claimed.content_type = content_type[:100]
    claimed.location = location[:500]
    claimed.body = body
    claimed.save(update_fields=["status", "content_type", "location", "body"])


def release(claimed: IdempotentWrite) -> None:
    """Give the claim up: the write did not succeed, a retry runs it again."""
    claimed.delete()


def withdraw_company_answers(company_id: int) -> None:
    """A person of the company was erased: empty every kept answer there, as any may show
    them. A retry under such a key is told its write was done, and writes nothing again."""
    IdempotentWrite.objects.filter(company_id=company_id, withdrawn=False).update(
        body="", withdrawn=True
    )


def forget_expired(*, now: datetime | None = None) -> int:
    """Delete answers older than they are kept; how many."""
    cutoff = (now or timezone.now()) - kept_for()
    deleted, _ = IdempotentWrite.objects.filter(created_at__lt=cutoff).delete()
    return deleted
