"""A company grants support access for a limited time and scope, and revokes it (P-B5)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history import tracking
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.tenancy.models import Membership
from strongroom.support.models import EndReason, GrantScope, SupportGrant
from strongroom.support.permissions import SUPPORT_MANAGE
from strongroom.support.rules import within_rights_of
from strongroom.support.steps import close_session

MAX_HOURS = 7 * 24
NOTE_MAX = 500


@action
def grant_support_access(
    *,
    actor: Actor,
    hours: int,
    scope: str,
    member: Membership | None = None,
    note: str = "",
) -> SupportGrant:
    """Let support act in the actor's company for ``hours`` (at most 7 days), read-only or
    fully, optionally only as ``member``."""
    company = actor.company
    if company is None or actor.user is None:
        raise policy.NotFound()
    policy.require(actor, SUPPORT_MANAGE, company)
    errors: dict[str, str] = {}
    if not 1 <= hours <= MAX_HOURS:
        errors["hours"] = f"Choose between 1 hour and 7 days ({MAX_HOURS} hours)."
    if scope not in GrantScope.values:
        errors["scope"] = "Choose read-only or full."
    if member is not None and not within_rights_of(actor, member):
        errors["member"] = "Choose an active member whose rights you hold yourself."
    cleaned_note = note.strip()
    if len(cleaned_note) > NOTE_MAX:
        errors["note"] = f"Keep the note to {NOTE_MAX} characters."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    grant = SupportGrant.objects.create(
        company=company,
        granted_by=actor.user,
        created_at=now,
        expires_at=now + timedelta(hours=hours),
        scope=scope,
        member=member,
        note=cleaned_note,
    )
    record(
        actor=actor,
        event=AuditEventType.SUPPORT_GRANT_CREATED,
        obj=grant,
        company_id=company.pk,
        extra={"member": member.user.email if member is not None else ""},
    )
    return grant


@action
def revoke_support_grant(*, actor: Actor, grant: SupportGrant) -> SupportGrant:
    """End a grant now: every session under it ends at its next request."""
    policy.require(actor, SUPPORT_MANAGE, grant)
    locked = SupportGrant.objects.select_for_update().get(pk=grant.pk)
    if not locked.is_live():
        raise ValidationError({"grant": "This grant has already ended."})
    before = tracking.capture(locked)
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor.user
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record(
        actor=actor,
        event=AuditEventType.SUPPORT_GRANT_REVOKED,
        obj=locked,
        company_id=locked.company_id,
        before=before,
    )
    for session in locked.sessions.select_for_update().filter(ended_at__isnull=True):
        close_session(actor=actor, session=session, why=EndReason.REVOKED)
    return locked
