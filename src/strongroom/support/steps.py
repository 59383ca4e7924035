"""Steps of support's actions: each runs inside the calling action's transaction and checks no
policy; the action that calls it has. Ending a support session is shared by the operator's
"end" and the company's revocation."""

from __future__ import annotations

from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.history import tracking
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.support.models import EndReason, SupportSession


def close_session(*, actor: Actor, session: SupportSession, why: EndReason) -> SupportSession:
    """Mark ``session`` ended now and record it. Runs inside the calling action."""
    before = tracking.capture(session)
    session.ended_at = timezone.now()
    session.end_reason = why
    session.save(update_fields=["ended_at", "end_reason"])
    record(
        actor=actor,
        event=AuditEventType.SUPPORT_SESSION_ENDED,
        obj=session,
        company_id=session.company_id,
        before=before,
    )
    return session
