"""Reads of support access: the company's grants and sessions, and an operator's own."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AccessRead, AuditEvent
from strongroom.platform.history.read_log import note_reads
from strongroom.platform.tenancy.models import Company, Membership
from strongroom.platform.tenancy.selectors import members, memberships_named
from strongroom.support.models import SupportGrant, SupportSession
from strongroom.support.permissions import PLATFORM_SUPPORT, SUPPORT_VIEW
from strongroom.support.rules import grant_covers, within_rights_of


def grants(actor: Actor) -> QuerySet[SupportGrant]:
    """The company's support grants, newest first."""
    queryset = SupportGrant.objects.select_related(
        "granted_by", "revoked_by", "member__user", "company"
    )
    return policy.restrict(actor, queryset, SUPPORT_VIEW)


def grant(actor: Actor, grant_id: int) -> SupportGrant:
    """One grant of the actor's company, or NotFound."""
    return policy.get_for_actor(actor, grants(actor), SUPPORT_VIEW, pk=grant_id)


def sessions(actor: Actor) -> QuerySet[SupportSession]:
    """The company's support sessions (who, as whom, why, when), newest first."""
    queryset = SupportSession.objects.select_related(
        "operator", "member__user", "grant", "company"
    )
    return policy.restrict(actor, queryset, SUPPORT_VIEW)


def session(actor: Actor, session_id: int) -> SupportSession:
    """One session of the actor's company, or NotFound."""
    return policy.get_for_actor(actor, sessions(actor), SUPPORT_VIEW, pk=session_id)


def session_activity(actor: Actor, support_session: SupportSession) -> QuerySet[AuditEvent]:
    """Everything recorded in ``support_session``: its start and end and every write made in it."""
    policy.require(actor, SUPPORT_VIEW, support_session)
    in_session = Q(credential=support_session.credential)
    about_it = Q(object_type="support.supportsession", object_id=str(support_session.pk))
    return (
        policy.restrict(actor, AuditEvent.objects.all(), SUPPORT_VIEW)
        .filter(in_session | about_it)
        .order_by("occurred_at", "id")
    )


def session_reads(actor: Actor, support_session: SupportSession) -> QuerySet[AccessRead]:
    """The personal data read in ``support_session`` (the access log, P-G4), in order."""
    policy.require(actor, SUPPORT_VIEW, support_session)
    return (
        policy.restrict(actor, AccessRead.objects.all(), SUPPORT_VIEW)
        .filter(credential=support_session.credential)
        .order_by("occurred_at", "id")
    )


def refused_attempts(actor: Actor) -> QuerySet[AuditEvent]:
    """Refused attempts at support access to the company, newest first."""
    return (
        policy.restrict(actor, AuditEvent.objects.all(), SUPPORT_VIEW)
        .filter(event_type=int(AuditEventType.SUPPORT_SESSION_REFUSED))
        .order_by("-occurred_at", "-id")
    )


def grantable_members(actor: Actor) -> list[Membership]:
    """Members whose view the actor may grant (they hold no right the actor lacks)."""
    return [m for m in members(actor).select_related("user") if within_rights_of(actor, m)]


# -- operators (platform actors): grants offered to support, and their own sessions ----------


def live_grants(actor: Actor) -> QuerySet[SupportGrant]:
    """Every company's live grants, for the operator console (tenants and consent only)."""
    policy.require(actor, PLATFORM_SUPPORT)
    return (
        SupportGrant.objects.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now(), company__status="active"
        )
        .select_related("company", "granted_by", "member__user")
        .order_by("expires_at")
    )


def live_grant_covering(actor: Actor, member: Membership) -> SupportGrant | None:
    """The company's live grant that covers ``member`` (full grants first), or None: the
    company's consent an operator needs to act for that member (P-B4)."""
    policy.require(actor, PLATFORM_SUPPORT)
    live = SupportGrant.objects.filter(
        company_id=member.company_id, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("company", "granted_by", "member")
    ordered = sorted(live, key=lambda grant: (grant.read_only, grant.pk))
    return next((grant for grant in ordered if grant_covers(grant, member)), None)


def active_companies(actor: Actor) -> QuerySet[Company]:
    """Companies an operator may ask to support (as tenants only)."""
    policy.require(actor, PLATFORM_SUPPORT)
    return Company.objects.filter(status="active").order_by("name")


def company_by_slug(actor: Actor, slug: str) -> Company:
    """An active company by slug, for an operator, or NotFound."""
    policy.require(actor, PLATFORM_SUPPORT)
    company = Company.objects.filter(slug=slug, status="active").first()
    if company is None:
        raise policy.NotFound()
    return company


def own_sessions(actor: Actor, *, limit: int = 20) -> list[SupportSession]:
    """The operator's own most recent sessions."""
    policy.require(actor, PLATFORM_SUPPORT)
    queryset = SupportSession.objects.filter(operator=actor.user).select_related(
        "company", "member__user", "grant"
    )
    return list(queryset[:limit])


def own_session(actor: Actor, session_id: int) -> SupportSession:
    """One of the operator's own sessions, or NotFound."""
    policy.require(actor, PLATFORM_SUPPORT)
    found = (
        SupportSession.objects.filter(operator=actor.user, pk=session_id)
        .select_related("company", "member__user", "member__custom_role", "grant", "operator")
        .first()
    )
    if found is None:
        raise policy.NotFound()
    return found


def grantable_member(actor: Actor, membership_id: int | None) -> Membership | None:
    """The member a grant is limited to (None: no limit), or NotFound."""
    if membership_id is None:
        return None
    return policy.get_for_actor(
        actor, members(actor).select_related("user"), SUPPORT_VIEW, pk=membership_id
    )


def note_named(
    actor: Actor,
    *,
    grants: Iterable[SupportGrant] = (),
    sessions: Iterable[SupportSession] = (),
    purpose: str = "list",
) -> None:
    """Note in the access log the members that grants and sessions name by e-mail address:
    who granted, the member granted and the member acted as (one query at most)."""
    grants, sessions = list(grants), list(sessions)
    user_ids = {grant.granted_by_id for grant in grants}
    membership_ids = {grant.member_id for grant in grants if grant.member_id is not None}
    membership_ids |= {session.member_id for session in sessions}
    named = memberships_named(actor, user_ids=user_ids, membership_ids=membership_ids)
    note_reads(actor, named, purpose=purpose)
