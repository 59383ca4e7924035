"""The access log (P-G4): who read which personal data, batched per request.

Selectors and views that show a person's data, serve a file or export records call
:func:`note_read`; the reads of one request (or job, or command) are kept in memory and written
together when it ends, so a list page costs a bounded number of writes however many records it
shows. An incident can then be traced to exactly whose data a credential read.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from strongroom.platform.tenancy.actor import Actor


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
    batches = _pending.get()
    if batches is None:
        batches = {}
        _pending.set(batches)
    batch = batches.setdefault(id(actor), PendingReads(actor=actor))
    batch.items.append((obj._meta.label_lower, str(obj.pk), purpose))


def take_pending() -> list[PendingReads]:
    """The reads noted so far in this context, removed from it."""
    batches = _pending.get()
    _pending.set(None)
    return list(batches.values()) if batches else []
