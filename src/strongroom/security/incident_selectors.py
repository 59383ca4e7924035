"""Reads of the incident register (P-G3). Operators (``platform.view``) see incidents, the
companies affected and their counts, never who in them; a company's owners and admins (the
access log's readers) see the incidents that affected their company and, by name, its people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet

from strongroom.identity.models import ApiKey
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.access.policy import NotFound
from strongroom.platform.accounts.models import User
from strongroom.platform.history.permissions import ACCESS_LOG_VIEW
from strongroom.platform.history.read_log import note_reads
from strongroom.platform.tenancy.models import Membership
from strongroom.security import breach_clock
from strongroom.security.models import AffectedCompany, Incident, Notice, NoticeSending

COUNTS_ONLY = ("record_ids",)  # what operators never load of an affected company


def incidents(actor: Actor) -> QuerySet[Incident]:
    """The register, newest first, with the notices' sendings for the clocks."""
    policy.require(actor, PLATFORM_VIEW)
    return Incident.objects.select_related("owner").prefetch_related(
        Prefetch("notices", queryset=Notice.objects.select_related("company").prefetch_related(
            Prefetch("sendings", queryset=NoticeSending.objects.order_by("sent_at", "pk"))
        ))
    )


def incident(actor: Actor, pk: object) -> Incident:
    """One incident, or NotFound (also for a malformed id)."""
    try:
        return incidents(actor).get(pk=int(str(pk)))
    except (ValueError, Incident.DoesNotExist):
        raise NotFound() from None


def affected(actor: Actor, incident: Incident) -> list[AffectedCompany]:
    """The companies affected, with counts only."""
    policy.require(actor, PLATFORM_VIEW)
    rows = incident.affected.select_related("company").defer(*COUNTS_ONLY)
    return list(rows)


def notice(actor: Actor, incident: Incident, pk: object) -> Notice:
    policy.require(actor, PLATFORM_VIEW)
    try:
        return incident.notices.select_related("company").get(pk=int(str(pk)))
    except (ValueError, Notice.DoesNotExist):
        raise NotFound() from None


def clock(incident: Incident, *, at: datetime | None = None) -> breach_clock.Clock:
    """The incident's breach clock (from its prefetched notices and sendings)."""
    notices = list(incident.notices.all())
    first_sent = [
        min((s.sent_at for s in n.sendings.all()), default=None) for n in notices
    ]
    return breach_clock.clock(
        incident.confirmed_at, scope_computed=incident.scope_computed_at is not None,
        affected=len(notices), first_sent=first_sent, at=at,
    )


# The company's own view.


@dataclass(frozen=True)
class CompanyIncident:
    """An incident as the affected company sees it."""

    incident: Incident
    affected: AffectedCompany
    sendings: list[NoticeSending]
    members: list[Membership]
    contact_person_ids: list[str]


def company_incidents(actor: Actor) -> list[AffectedCompany]:
    """The incidents that affected the actor's company, newest first."""
    policy.require(actor, ACCESS_LOG_VIEW)
    rows = policy.restrict(actor, AffectedCompany.objects.all(), ACCESS_LOG_VIEW)
    return list(rows.select_related("incident").defer(*COUNTS_ONLY)
                .order_by("-incident__opened_at", "-pk"))


def company_incident(actor: Actor, incident_id: object) -> CompanyIncident:
    """One incident that affected the actor's company, with its people: the members by name
    (noted in the access log) and the contact persons by id. NotFound otherwise."""
    try:
        row = policy.get_for_actor(
            actor, AffectedCompany.objects.select_related("incident"), ACCESS_LOG_VIEW,
            incident_id=int(str(incident_id)),
        )
    except ValueError:
        raise NotFound() from None
    member_ids = [int(i) for i in row.record_ids.get("tenancy.membership", ())]
    members = list(
        Membership.objects.filter(company_id=row.company_id, pk__in=member_ids)
        .select_related("user").order_by("user__full_name", "pk")
    )
    if members:
        note_reads(actor, members, purpose="list")
    sendings = list(NoticeSending.objects.filter(
        notice__incident_id=row.incident_id, notice__company_id=row.company_id,
    ))
    return CompanyIncident(
        incident=row.incident, affected=row, sendings=sendings, members=members,
        contact_person_ids=list(row.record_ids.get("contacts.contactperson", ())),
    )


@dataclass(frozen=True)
class ScopeSubjects:
    api_key: ApiKey | None
    user: User | None
    operator: User | None


def scope_subjects(
    actor: Actor, *, api_key: str = "", user: str = "", operator: str = ""
) -> ScopeSubjects:
    """The key (by id or prefix ``sr_live_…``), member and operator (by e-mail) a scope names;
    ValidationError for one not found."""
    policy.require(actor, PLATFORM_VIEW)
    problems: dict[str, str] = {}
    key = None
    if api_key:
        wanted = api_key.strip().removeprefix("sr_live_")
        keys = ApiKey.objects.filter(pk=int(wanted)) if wanted.isdigit() else (
            ApiKey.objects.filter(key_id=wanted)
        )
        key = keys.first()
        if key is None:
            problems["api_key"] = "No such API key."
    people: dict[str, User | None] = {}
    for name, email, operators in (("user", user, False), ("operator", operator, True)):
        found = User.objects.filter(email__iexact=email.strip()).first() if email else None
        if email and (found is None or (operators and not found.is_operator)):
            problems[name] = "No such operator." if operators else "No such account."
        people[name] = found
    if problems:
        raise ValidationError(problems)
    return ScopeSubjects(api_key=key, user=people["user"], operator=people["operator"])
