"""Write history entries. Called by actions inside their transaction, never by views.

For a tracked record type (``tracking.track``) the entry carries the record's stored state
after the write, and, unless the action states its changes itself, the old -> new values of
every field that changed (computed from ``before``, a :func:`tracking.capture` taken before the
write). Pass ``deleted=True`` when the record is gone.

Inside an ``@action`` the entry is chained and inserted at the end of the action's transaction
(``action.pending_history``): the returned entry has its position only then.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from strongroom.platform.access.actor import Actor
from strongroom.platform.history import chain, tracking
from strongroom.platform.history.action import pending_history
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent

Changes = Mapping[str, tuple[Any, Any]]


class HistoryOutsideTransaction(RuntimeError):
    """An audit event was recorded outside an atomic block: it could outlive a failed write."""


def record(
    *,
    actor: Actor,
    event: AuditEventType,
    obj: models.Model,
    company_id: int | None,
    changes: Changes | None = None,
    before: tracking.State | None = None,
    deleted: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``event`` to ``obj``; must run inside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise HistoryOutsideTransaction(f"{event.name} recorded outside a transaction")
    state = None
    if tracking.is_tracked(type(obj)):
        state = None if deleted else tracking.capture(obj)
        if changes is None:
            changes = tracking.changes_between(before, state)
    entry = AuditEvent(
        company_id=company_id,
        chain_key=chain.chain_key_for(company_id),
        event_type=int(event),
        occurred_at=timezone.now(),
        **actor_columns(actor),
        user_agent=actor.user_agent[:400],
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=_repr(obj),
        changes={
            key: [tracking.canonical(old), tracking.canonical(new)]
            for key, (old, new) in (changes or {}).items()
        },
        state=state,
        extra=tracking.canonical(dict(extra or {})),
    )
    pending = pending_history()
    if pending is None:
        return chain.append(entry)
    pending.append(entry)
    return entry


def actor_columns(actor: Actor) -> dict[str, Any]:
    """The columns naming who acted, with names copied in (shared with the access log)."""
    support = actor.support_user
    return {
        "actor_user": actor.user,
        "actor_name": actor.name[:200],
        "actor_email": actor.email,
        "support_user": support,
        "support_name": support.display_name[:200] if support is not None else "",
        "support_email": support.email if support is not None else "",
        "channel": str(actor.channel),
        "credential": actor.credential[:100],
        "ip": normal_ip(actor.ip),
        "request_id": actor.request_id[:64],
    }


def _repr(obj: models.Model) -> str:
    """How the entry names the object: records holding personal data name it by type and id,
    so that no personal value is copied into the log in plain text."""
    label = getattr(obj, "history_label", None)
    text = label() if callable(label) else str(obj)
    return text[:200]


def normal_ip(ip: str | None) -> str | None:
    """An IP address as stored: IPv6 in its compressed form; None for none."""
    if not ip:
        return None
    return clean_ipv6_address(ip) if ":" in ip else ip


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose values differ between two snapshots."""
    return {key: (old.get(key), new.get(key)) for key in new if old.get(key) != new.get(key)}


def snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """The current values of ``fields`` on ``obj``, for diffing."""
    return {name: getattr(obj, name) for name in fields}
