"""The access log (P-G4): who read which personal data, batched per request.

Selectors and views that show a person's data, serve a file or export records call
:func:`note_read`; the reads of one request (or job, or command) are kept in memory and written
together when it ends, so a list page costs a bounded number of writes however many records it
shows. An incident can then be traced to exactly whose data a credential read.

A *unit of work* (:func:`unit_of_work`) collects the reads: the web and API middleware
(``history.middleware.AccessLogMiddleware``) opens one per request, the job runner one per job
run and the ``strongroom`` command one per command. At its end :func:`flush` writes the reads in
one short transaction that commits before the response is sent: per company one multi-row
insert, whatever the number of reads. It never waits for another flush: when the company's
chain head is free it chains the reads (one head update more), and when another flush holds it
it leaves them to be sealed into the chain within seconds (``chain.append_reads``). A read
noted outside any unit of work is written at once, so no read is ever lost.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.utils import timezone

from strongroom.platform.history.write_turns import writer_turn

if TYPE_CHECKING:
    from strongroom.platform.access.actor import Actor
    from strongroom.platform.history.models import AccessRead, AuditEvent

PURPOSES = ("view", "list", "download", "export")


@dataclass
class PendingReads:
    """Reads noted during one unit of work, not yet written."""

    actor: Actor
    items: list[tuple[str, str, str]] = field(default_factory=list)  # (type, id, purpose)


_pending: contextvars.ContextVar[dict[int, PendingReads] | None] = contextvars.ContextVar(
    "strongroom_access_reads", default=None
)


def note_read(actor: Actor, obj: models.Model, *, purpose: str = "view") -> None:
    """Note that ``actor`` read ``obj`` (a record holding personal data, or a file).

    ``purpose`` says how: ``view`` (a page or API read), ``list``, ``download``, ``export``.
    """
    note_reads(actor, [obj], purpose=purpose)


def note_reads(actor: Actor, objects: Sequence[models.Model], *, purpose: str = "list") -> None:
    """Note that ``actor`` read every one of ``objects`` (a list page, an export)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}; use one of {PURPOSES}")
    batches = _pending.get()
    if batches is None:  # outside a unit of work: write now rather than lose the read
        with unit_of_work():
            note_reads(actor, objects, purpose=purpose)
        return
    batch = batches.setdefault(id(actor), PendingReads(actor=actor))
    batch.items.extend((obj._meta.label_lower, str(obj.pk), purpose) for obj in objects)


def note_people_named(
    actor: Actor, entries: Iterable[AuditEvent | AccessRead], *, purpose: str = "list"
) -> None:
    """Note the members whose names and e-mail addresses a page of log entries showed: each
    entry's acting member, and the membership an audit entry is about (its changes name the
    person; an access-log entry shows its record's type and id only). Support operators are
    staff, not members of the company, and are not noted."""
    from strongroom.platform.history.models import AuditEvent
    from strongroom.platform.tenancy.selectors import memberships_named

    user_ids: set[int] = set()
    membership_ids: set[int] = set()
    for entry in entries:
        if entry.actor_user_id is not None:
            user_ids.add(entry.actor_user_id)
        about = entry.object_type == "tenancy.membership" and isinstance(entry, AuditEvent)
        if about and str(entry.object_id).isdigit():
            membership_ids.add(int(entry.object_id))
    named = memberships_named(actor, user_ids=user_ids, membership_ids=membership_ids)
    if named:
        note_reads(actor, named, purpose=purpose)


def take_pending() -> list[PendingReads]:
    """The reads noted so far in this context, removed from it (the unit of work goes on)."""
    batches = _pending.get()
    if not batches:
        return []
    taken = list(batches.values())
    batches.clear()
    return taken


@contextlib.contextmanager
def unit_of_work() -> Iterator[None]:
    """Collect the reads noted inside the block and write them when it ends (even on error)."""
    token = _pending.set({})
    try:
        yield
    finally:
        try:
            flush()
        finally:
            _pending.reset(token)


def flush() -> int:
    """Write the pending reads of this context; returns how many entries were written."""
    from strongroom.platform.history import chain

    by_chain: dict[str, list[AccessRead]] = {}
    now = timezone.now()
    for batch in take_pending():
        seen: set[tuple[str, str, str]] = set()
        for item in batch.items:
            if item not in seen:
                seen.add(item)
                read = _entry(batch.actor, item, now)
                by_chain.setdefault(read.chain_key, []).append(read)
    if not by_chain:
        return 0
    with writer_turn(), transaction.atomic():
        for key in sorted(by_chain):
            chain.append_reads(by_chain[key])
    return sum(len(reads) for reads in by_chain.values())


def _entry(actor: Actor, item: tuple[str, str, str], now: datetime) -> AccessRead:
    from strongroom.platform.history import chain
    from strongroom.platform.history.models import AccessRead
    from strongroom.platform.history.recorder import actor_columns

    object_type, object_id, purpose = item
    return AccessRead(
        company_id=actor.company_id,
        chain_key=chain.read_chain_key_for(actor.company_id),
        occurred_at=now,
        **actor_columns(actor),
        object_type=object_type,
        object_id=object_id,
        purpose=purpose,
    )
