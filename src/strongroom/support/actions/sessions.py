"""Operators start and end support sessions within a company's live grant (P-B5).

Refusals are recorded too: :func:`request_support_session` runs the attempt and, when it is
refused (no live grant, an expired or revoked one, a member outside its scope), records the
refusal in the company's audit log in a transaction of its own, then raises.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from strongroom.identity import security_events
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, user_actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.tenancy.models import Company, Membership
from strongroom.support.models import EndReason, SupportGrant, SupportSession
from strongroom.support.permissions import PLATFORM_SUPPORT
from strongroom.support.rules import grant_covers
from strongroom.support.steps import close_session

REASON_MIN, REASON_MAX = 5, 500


class SupportRefused(policy.Forbidden):
    """Support access was refused; ``why`` is recorded in the company's audit log."""

    def __init__(self, why: str, *, company: Company, grant: SupportGrant | None = None) -> None:
        super().__init__(f"Support access refused: {why}.")
        self.why, self.company, self.grant = why, company, grant


def _clean_reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if not REASON_MIN <= len(cleaned) <= REASON_MAX:
        raise ValidationError(
            {"reason": f"State the reason or ticket in {REASON_MIN} to {REASON_MAX} characters."}
        )
    return cleaned


def _choose(company: Company, member_email: str, grant_id: int | None) -> tuple[
    SupportGrant, Membership
]:
    """The live grant allowing ``member_email``'s view, or SupportRefused."""
    grants = SupportGrant.objects.select_for_update(of=("self",)).filter(company=company)
    if grant_id is not None:
        grants = grants.filter(pk=grant_id)
    candidates = list(grants.select_related("company", "granted_by", "member"))
    live = [grant for grant in candidates if grant.is_live()]
    if not live:
        if grant_id is not None and candidates:
            ended = candidates[0]
            why = "the grant was revoked" if ended.revoked_at else "the grant has expired"
            raise SupportRefused(why, company=company, grant=ended)
        raise SupportRefused("the company has no live support grant", company=company)
    member = (
        Membership.objects.select_related("user", "custom_role", "company")
        .filter(company=company, user__email__iexact=member_email.strip(), is_active=True)
        .first()
    )
    for grant in sorted(live, key=lambda g: (g.read_only, g.pk)):  # full grants first
        if member is not None and grant_covers(grant, member):
            return grant, member
    raise SupportRefused("the member is outside the grant's scope", company=company, grant=live[0])


@action
def start_support_session(
    *, actor: Actor, company: Company, member_email: str, reason: str, grant_id: int | None = None
) -> SupportSession:
    """Act as the member ``member_email`` of ``company`` within a live grant, for ``reason``.

    The member is e-mailed that the session started. Raises SupportRefused outside a grant.
    """
    policy.require(actor, PLATFORM_SUPPORT)
    if actor.user is None or actor.support_user is not None:
        raise policy.Forbidden("Only an operator's own session can start support access.")
    cleaned = _clean_reason(reason)
    grant, member = _choose(company, member_email, grant_id)
    session = SupportSession.objects.create(
        company=company, grant=grant, operator=actor.user, member=member, reason=cleaned
    )
    record(
        actor=actor,
        event=AuditEventType.SUPPORT_SESSION_STARTED,
        obj=session,
        company_id=company.pk,
        extra={"member": member.user.email, "scope": grant.scope},
    )
    operator = actor.user
    transaction.on_commit(
        lambda: security_events.notify(
            member.user, "support/email/session_started", ip=actor.ip,
            user_agent=actor.user_agent, operator=operator, company_name=company.name,
            reason=cleaned, scope=grant.get_scope_display(), expires_at=grant.expires_at,
        )
    )
    return session


@action
def record_refused_support_attempt(
    *, actor: Actor, refusal: SupportRefused, member_email: str, reason: str
) -> None:
    """Record in the company's audit log that support access was refused, and why."""
    policy.require(actor, PLATFORM_SUPPORT)
    extra: dict[str, Any] = {
        "why": refusal.why, "member": member_email.strip()[:254], "reason": reason.strip()[:500],
    }
    record(
        actor=actor,
        event=AuditEventType.SUPPORT_SESSION_REFUSED,
        obj=refusal.grant if refusal.grant is not None else refusal.company,
        company_id=refusal.company.pk,
        changes={},
        extra=extra,
    )


def request_support_session(
    *, actor: Actor, company: Company, member_email: str, reason: str, grant_id: int | None = None
) -> SupportSession:
    """Start a session, or record the refusal and raise SupportRefused."""
    try:
        return start_support_session(
            actor=actor, company=company, member_email=member_email, reason=reason,
            grant_id=grant_id,
        )
    except SupportRefused as refusal:
        record_refused_support_attempt(
            actor=actor, refusal=refusal, member_email=member_email, reason=reason
        )
        raise


@action
def end_support_session(
    *, actor: Actor, session: SupportSession, why: EndReason = EndReason.ENDED
) -> SupportSession:
    """The operator ends their own session (or signs out, which ends it too)."""
    policy.require(actor, PLATFORM_SUPPORT)
    if actor.user is None or session.operator_id != actor.user.pk:
        raise policy.NotFound()
    locked = SupportSession.objects.select_for_update().select_related("grant").get(pk=session.pk)
    if locked.ended_at is not None:
        raise ValidationError({"session": "This support session has already ended."})
    return close_session(actor=actor, session=locked, why=why)


@action
def record_support_request(
    *, actor: Actor, session: SupportSession, method: str, path: str, status: int
) -> None:
    """Record one page or API call made in ``session`` (what support saw or tried), with the
    member and the operator: ``actor`` is the session's own Actor."""
    policy.require(user_actor(session.operator), PLATFORM_SUPPORT)
    if actor.support_user != session.operator or actor.credential != session.credential:
        raise policy.NotFound()
    record(
        actor=actor,
        event=AuditEventType.SUPPORT_REQUEST,
        obj=session,
        company_id=session.company_id,
        changes={},
        extra={"method": method[:10], "path": path[:300], "status": status},
    )
