"""Reads of the audit log, the access log and one record's history, scoped to the actor."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import QuerySet

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AccessRead, AuditEvent
from strongroom.platform.history.permissions import ACCESS_LOG_VIEW
from strongroom.platform.tenancy.permissions import AUDIT_VIEW

Q = Any  # a queryset of AuditEvent or AccessRead


def _common_filters(
    queryset: Q,
    *,
    person: int | None,
    actor_email: str,
    object_type: str,
    object_id: str,
    since: date | None,
    until: date | None,
) -> Q:
    if person is not None:
        queryset = queryset.filter(
            models.Q(actor_user_id=person) | models.Q(support_user_id=person)
        )
    if actor_email:
        email = actor_email.strip()
        queryset = queryset.filter(
            models.Q(actor_email__iexact=email) | models.Q(support_email__iexact=email)
        )
    if object_type:
        queryset = queryset.filter(object_type=object_type.strip())
    if object_id:
        queryset = queryset.filter(object_id=object_id.strip())
    if since is not None:
        queryset = queryset.filter(occurred_at__date__gte=since)
    if until is not None:
        queryset = queryset.filter(occurred_at__date__lte=until)
    return queryset.order_by("-occurred_at", "-id")


def audit_events(
    actor: Actor,
    *,
    event_type: AuditEventType | None = None,
    person: int | None = None,
    actor_email: str = "",
    object_type: str = "",
    object_id: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The actor's company's audit events, newest first, optionally filtered.

    ``person`` (a user id) and ``actor_email`` match the acting member or a support operator
    acting as one; ``since`` and ``until`` are inclusive days (UTC).
    """
    queryset = policy.restrict(actor, AuditEvent.objects.all(), AUDIT_VIEW)
    if event_type is not None:
        queryset = queryset.filter(event_type=int(event_type))
    result: QuerySet[AuditEvent] = _common_filters(
        queryset, person=person, actor_email=actor_email, object_type=object_type,
        object_id=object_id, since=since, until=until,
    )
    return result


def access_reads(
    actor: Actor,
    *,
    person: int | None = None,
    actor_email: str = "",
    object_type: str = "",
    object_id: str = "",
    purpose: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AccessRead]:
    """Who read which records in the actor's company (P-G4), newest first, optionally filtered."""
    queryset = policy.restrict(actor, AccessRead.objects.all(), ACCESS_LOG_VIEW)
    if purpose:
        queryset = queryset.filter(purpose=purpose)
    result: QuerySet[AccessRead] = _common_filters(
        queryset, person=person, actor_email=actor_email, object_type=object_type,
        object_id=object_id, since=since, until=until,
    )
    return result


def record_history(actor: Actor, obj: models.Model, *, permission: str) -> QuerySet[AuditEvent]:
    """The history of one record, newest first, for an actor who may see it.

    ``permission`` is the read permission that shows the record (``member.view``): without it,
    or for another company's record, :class:`~strongroom.platform.access.policy.NotFound`.
    """
    policy.require(actor, permission, obj)  # type: ignore[arg-type]
    return AuditEvent.objects.filter(
        company=actor.company,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
    ).order_by("-occurred_at", "-sequence")

