"""Crypto-shredding of one person (P-D6): their data keys are destroyed once their records are.

Domain actions that remove everything held about a data subject (deleting a contact person,
P-D4) call :func:`subject_erased` inside their transaction, after deleting the records. The
record is gone at once; its earlier values live on, encrypted under the subject's key, in the
history entries and in backups of the records. Destroying the subject's data keys makes every
one of those copies read as ``ERASED``, while the audit chain, which hashes ciphertext, still
verifies.

The key store is a database of its own, so the destruction cannot share the records'
transaction. It runs when that transaction commits (``on_commit``): a deletion that rolls back
leaves the key alive. Should the process die between the commit and the destruction, the
periodic job ``keys.sweep_erased_subjects`` finds subjects whose records are gone but whose
keys live, and destroys them. Domain apps tell it how to look a subject up with
:func:`register_subject_kind`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.jobs.registry import periodic
from strongroom.platform.keys import store
from strongroom.platform.keys.models import DataKeyset, Purpose
from strongroom.platform.keys.permissions import KEYS_ERASE
from strongroom.platform.tenancy.models import Company

logger = logging.getLogger("strongroom.keys")

# (company id, subject ids of one kind) -> the ids among them that still have a record
SubjectLookup = Callable[[int, list[str]], set[str]]
_KINDS: dict[str, SubjectLookup] = {}
# Called with the company id inside the erasing transaction: copies held elsewhere go too
_FOLLOWERS: list[Callable[[int], None]] = []
SWEEP_GRACE = timedelta(days=1)  # a key is created before its record commits: leave new ones
SWEEP_BATCH = 500


def register_subject_kind(kind: str, lookup: SubjectLookup) -> None:
    """Tell the sweep how to find out which subjects ``"<kind>:<id>"`` still have a record."""
    _KINDS[kind] = lookup


def on_subject_erased(follower: Callable[[int], None]) -> None:
    """Call ``follower(company_id)`` inside every transaction that erases a subject of that
    company, for what holds copies of a subject's data outside their records (kept answers to
    API writes)."""
    if follower not in _FOLLOWERS:
        _FOLLOWERS.append(follower)


def subject_exists(company_id: int, subject: str) -> bool | None:
    """Whether ``subject`` still has a record; None when no app registered its kind."""
    kind, _, ident = subject.partition(":")
    lookup = _KINDS.get(kind)
    return None if lookup is None else ident in lookup(company_id, [ident])


def subject_erased(*, actor: Actor, subject: str, company_id: int, permission: str) -> None:
    """``subject`` (e.g. ``"contact:<uuid>"``) of company ``company_id`` no longer has any
    record: destroy their data keys once the calling transaction commits. ``permission`` is
    the one under which the caller removed the records."""

    def shred() -> None:
        try:
            destroy_subject_keys(
                actor=actor, company_id=company_id, subject=subject, permission=permission
            )
        except Exception:  # the records are gone already; the sweep will finish the job
            logger.exception("destroying the keys of %s (company %s) failed", subject, company_id)

    for follower in _FOLLOWERS:
        follower(company_id)
    transaction.on_commit(shred, using=DEFAULT_DB_ALIAS)


@action
def destroy_subject_keys(
    *, actor: Actor, company_id: int, subject: str, permission: str
) -> DataKeyset:
    """Destroy every version of ``subject``'s data key (kept as a tombstone, so that their
    values read as erased) and record it: the subject reference and key ids, nothing personal.
    Refused while the subject still has a record."""
    company = Company.objects.get(pk=company_id)
    platform = perms.get(permission).scope is perms.Scope.PLATFORM
    policy.require(actor, permission, None if platform else company)
    if not subject or subject_exists(company_id, subject):
        raise ValidationError({"subject": "This person still has records; delete those first."})
    before = store.subject_keyset(company_id, subject)
    live = [] if before is None else list(
        before.versions.filter(destroyed_at__isnull=True).values_list("version", flat=True)
    )
    keyset = store.destroy_keyset(company_id, Purpose.SUBJECT, subject)
    record(
        actor=actor, event=AuditEventType.SUBJECT_KEYS_DESTROYED, obj=keyset,
        company_id=company_id,
        extra={"subject": subject, "key_id": f"{keyset.key_id:016x}", "versions": live},
    )
    return keyset


def _live_subject_keysets(horizon: object) -> Iterable[DataKeyset]:
    return DataKeyset.objects.filter(
        purpose=Purpose.SUBJECT, destroyed_at__isnull=True, created_at__lt=horizon
    ).order_by("key_id").iterator(chunk_size=SWEEP_BATCH)


@periodic(name="keys.sweep_erased_subjects", every=timedelta(hours=1))
def sweep_erased_subjects(actor: Actor) -> str:
    """Destroy the keys of persons whose records are gone (a deletion interrupted before it
    could destroy them)."""
    sweeper = replace(actor, permissions=frozenset({KEYS_ERASE}), platform=True)
    live_companies = set(Company.objects.values_list("pk", flat=True))
    candidates: dict[tuple[int, str], list[str]] = {}
    for keyset in _live_subject_keysets(timezone.now() - SWEEP_GRACE):
        kind, _, ident = keyset.subject.partition(":")
        if kind in _KINDS and keyset.company_id in live_companies:
            candidates.setdefault((keyset.company_id, kind), []).append(ident)
    destroyed = 0
    for (company_id, kind), idents in candidates.items():
        for start in range(0, len(idents), SWEEP_BATCH):
            batch = idents[start: start + SWEEP_BATCH]
            present = _KINDS[kind](company_id, batch)
            for ident in batch:
                if ident not in present:
                    destroy_subject_keys(
                        actor=sweeper, company_id=company_id, subject=f"{kind}:{ident}",
                        permission=KEYS_ERASE,
                    )
                    destroyed += 1
    return f"destroyed the keys of {destroyed} erased subject(s)"
