"""Write audit events. Called by actions inside their transaction, never by views."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.tenancy.actor import Actor

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
    extra: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``event`` to ``obj``; must run inside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise HistoryOutsideTransaction(f"{event.name} recorded outside a transaction")
    return AuditEvent.objects.create(
        company_id=company_id,
        event_type=int(event),
        occurred_at=timezone.now(),
        actor_user=actor.user,
        actor_name=actor.name[:200],
        actor_email=actor.email,
        channel=str(actor.channel),
        credential=actor.credential[:100],
        ip=actor.ip,
        user_agent=actor.user_agent[:400],
        request_id=actor.request_id[:64],
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes={
            key: [_jsonable(old), _jsonable(new)] for key, (old, new) in (changes or {}).items()
        },
        extra=dict(extra or {}),
    )


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose values differ between two snapshots."""
    return {key: (old.get(key), new.get(key)) for key in new if old.get(key) != new.get(key)}


def snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """The current values of ``fields`` on ``obj``, for diffing."""
    return {name: getattr(obj, name) for name in fields}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)
