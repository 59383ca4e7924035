"""Writes to the incident register (P-G3): operators open an incident, keep its particulars and
timeline, compute the companies it affected, and publish a summary on the status page. Each is
audited in the platform chain. Notices to the companies are in ``notices.py``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError

from strongroom.identity.models import ApiKey
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.accounts.models import User
from strongroom.platform.history import tracking
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.status import incidents as status_page
from strongroom.platform.tenancy.models import Company
from strongroom.security import affected, notices
from strongroom.security.breach_clock import now
from strongroom.security.models import (
    AffectedCompany,
    Category,
    Incident,
    IncidentStatus,
    Notice,
    NoticeSending,
)
from strongroom.security.permissions import SECURITY_INCIDENTS
from strongroom.security.sla import Severity

# What ``update_incident`` may change; the timeline moves by ``record_milestone`` only.
EDITABLE = (
    "title", "summary", "severity", "category", "owner", "nature", "subject_categories",
    "subjects_approx", "records_approx", "consequences", "measures", "contact_point",
)
MILESTONES = {
    "confirmed": (IncidentStatus.CONFIRMED, AuditEventType.INCIDENT_CONFIRMED),
    "contained": (IncidentStatus.CONTAINED, AuditEventType.INCIDENT_CONTAINED),
    "resolved": (IncidentStatus.RESOLVED, AuditEventType.INCIDENT_RESOLVED),
}
CLOCK_SKEW = timedelta(minutes=5)  # a moment "now" on another machine is not the future


def _save(actor: Actor, incident: Incident, event: AuditEventType, **extra: object) -> Incident:
    before = tracking.capture(incident) if incident.pk else None
    incident.full_clean()
    incident.save()
    record(actor=actor, event=event, obj=incident, company_id=None, before=before, extra=extra)
    return incident


def _check_owner(owner: User | None) -> None:
    if owner is not None and not (owner.is_operator and owner.is_active):
        raise ValidationError({"owner": "The owner must be an active operator."})


def _check_moment(field: str, moment: datetime, *, not_before: datetime | None = None) -> None:
    if moment > now() + CLOCK_SKEW:
        raise ValidationError({field: "This moment is in the future."})
    if not_before is not None and moment < not_before:
        raise ValidationError({field: "This moment is before the incident was detected."})


@action
def open_incident(
    *, actor: Actor, title: str, severity: str, category: str, summary: str = "",
    detected_at: datetime | None = None, owner: User | None = None,
) -> Incident:
    """Open an incident, detected at ``detected_at`` (now by default)."""
    policy.require(actor, SECURITY_INCIDENTS)
    _check_owner(owner)
    moment = now()
    _check_moment("detected_at", detected_at or moment)
    if severity not in Severity.values or category not in Category.values:
        raise ValidationError("Unknown severity or category.")
    incident = Incident(
        title=title.strip()[:200], summary=summary.strip(), severity=severity,
        category=category, owner=owner, opened_at=moment, detected_at=detected_at or moment,
    )
    return _save(actor, incident, AuditEventType.INCIDENT_OPENED)


@action
def update_incident(*, actor: Actor, incident: Incident, values: Mapping[str, Any]) -> Incident:
    """Change the incident's particulars (``EDITABLE``: title, severity, Art. 33 fields...)."""
    policy.require(actor, SECURITY_INCIDENTS)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Not editable: {', '.join(sorted(unknown))}.")
    _check_owner(values.get("owner"))
    for name, value in values.items():
        setattr(incident, name, value.strip() if isinstance(value, str) else value)
    return _save(actor, incident, AuditEventType.INCIDENT_UPDATED)


@action
def record_milestone(
    *, actor: Actor, incident: Incident, milestone: str, at: datetime | None = None
) -> Incident:
    """Record when the incident was confirmed (awareness: the breach clock starts), contained
    or resolved. Each moment is recorded once."""
    policy.require(actor, SECURITY_INCIDENTS)
    if milestone not in MILESTONES:
        raise ValidationError({"milestone": f"One of {', '.join(MILESTONES)}."})
    field = f"{milestone}_at"
    if getattr(incident, field) is not None:
        raise ValidationError({field: f"The incident is {milestone} already."})
    moment = at or now()
    _check_moment(field, moment, not_before=incident.detected_at)
    status, event = MILESTONES[milestone]
    setattr(incident, field, moment)
    if incident.status != IncidentStatus.RESOLVED:
        order = list(IncidentStatus.values)
        incident.status = max(incident.status, status, key=order.index)
    return _save(actor, incident, event, at=moment.isoformat())


@action
def compute_scope(
    *, actor: Actor, incident: Incident, api_key: ApiKey | None = None,
    user: User | None = None, operator: User | None = None, start: datetime | None = None,
    end: datetime | None = None,
) -> list[AffectedCompany]:
    """Compute which companies the scope (a key, a member, a support operator, within a
    window; combined) read or changed, store that list with the incident and draft a notice
    to each. Computed again, it replaces the list, as long as no notice has been sent."""
    policy.require(actor, SECURITY_INCIDENTS)
    scope = affected.Scope(
        credential=f"api key {api_key.prefix}" if api_key is not None else "",
        user_id=user.pk if user is not None else None,
        operator_id=operator.pk if operator is not None else None, start=start, end=end,
    )
    if scope.is_empty:
        raise ValidationError("Name an API key, a member or a support operator.")
    if start is not None and end is not None and end <= start:
        raise ValidationError({"end": "The window must end after it starts."})
    if NoticeSending.objects.filter(notice__incident=incident).exists():
        raise ValidationError("Notices have been sent: the affected companies are fixed.")
    before = tracking.capture(incident)
    incident.scope_api_key_id = api_key.pk if api_key is not None else None
    incident.scope_credential = scope.credential
    incident.scope_user, incident.scope_operator = user, operator
    incident.scope_start, incident.scope_end = start, end
    incident.scope_computed_at = moment = now()
    incident.save()
    incident.affected.all().delete()
    incident.notices.all().delete()
    impacts = affected.compute(scope)
    names = dict(Company.objects.filter(pk__in=[i.company_id for i in impacts])
                 .values_list("pk", "name"))
    rows = []
    for impact in impacts:
        row = AffectedCompany.objects.create(
            incident=incident, company_id=impact.company_id, records=impact.records,
            people=impact.people, reads=impact.reads, changes=impact.changes,
            record_ids=impact.ids_by_type(), computed_at=moment,
        )
        name = names[impact.company_id]
        Notice.objects.create(
            incident=incident, company_id=impact.company_id,
            subject=notices.subject(incident, name), body=notices.draft(incident, row, name),
            updated_at=moment,
        )
        rows.append(row)
    record(
        actor=actor, event=AuditEventType.INCIDENT_SCOPE_COMPUTED, obj=incident,
        company_id=None, before=before,
        extra={"companies": {str(r.company_id): [r.records, r.people] for r in rows}},
    )
    return rows


@action
def publish_incident(
    *, actor: Actor, incident: Incident, message: str, state: str | None = None,
    title: str = "",
) -> Incident:
    """Put a summary on the public status page (its title and message only, never company
    data), or add an update to the one published before."""
    policy.require(actor, SECURITY_INCIDENTS)
    try:
        if incident.status_page_id is None:
            incident.status_page_id = status_page.open_incident(
                title=title or incident.title, message=message, state=state or "investigating",
            )
            _save(actor, incident, AuditEventType.INCIDENT_PUBLISHED, state=state or "")
        else:
            status_page.update_incident(
                incident_id=incident.status_page_id, message=message, state=state
            )
            record(actor=actor, event=AuditEventType.INCIDENT_PUBLISHED, obj=incident,
                   company_id=None, extra={"state": state or "", "update": True})
    except status_page.IncidentError as error:
        raise ValidationError(str(error)) from None
    return incident
