"""Writes to the findings register: scans upsert findings, operators own, accept and resolve
them, the overdue watch flags them. Each is audited in the platform chain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.accounts.models import User
from strongroom.platform.history import tracking
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.security.models import Finding, ScanRun, Source, Status
from strongroom.security.permissions import SECURITY_FINDINGS
from strongroom.security.scan import Hit
from strongroom.security.sla import due_date

MAX_EXCEPTION_DAYS = 365


def _save(actor: Actor, finding: Finding, event: AuditEventType, **extra: object) -> Finding:
    before = tracking.capture(finding) if finding.pk else None
    finding.save()
    record(actor=actor, event=event, obj=finding, company_id=None, before=before, extra=extra)
    return finding


@action
def record_scan(
    *, actor: Actor, hits: Sequence[Hit], started_at: datetime, advisory_source: str,
    target: str, packages: int,
) -> ScanRun:
    """Record a complete scan of ``target``: new findings opened (due by their severity's SLA),
    findings seen again kept, fixed ones reopened, and open findings of the same target the
    scan no longer sees fixed (a scan of a lock file leaves the installed environment's
    findings as they are)."""
    policy.require(actor, SECURITY_FINDINGS)
    now = timezone.now()
    run = ScanRun.objects.create(
        started_at=started_at, finished_at=now, advisory_source=advisory_source[:300],
        target=target[:300], ok=True, packages=packages, found=len(hits),
    )
    seen: set[int] = set()
    for hit in hits:
        finding = Finding.objects.filter(
            source=Source.DEPENDENCY, advisory_id=hit.advisory_id, package=hit.package,
            target=run.target,
        ).first()
        if finding is None:
            finding = Finding(
                source=Source.DEPENDENCY, package=hit.package, advisory_id=hit.advisory_id,
                target=run.target,
                first_seen=now, due_at=due_date(hit.severity, now),
            )
            event = AuditEventType.FINDING_OPENED
        elif finding.status == Status.FIXED:
            finding.status, finding.resolution = Status.OPEN, ""
            finding.due_at = due_date(hit.severity, now)
            event = AuditEventType.FINDING_REOPENED
        else:
            event = None
        finding.installed_version, finding.last_seen = hit.version, now
        finding.aliases, finding.summary = list(hit.aliases), hit.summary
        finding.fixed_versions = list(hit.fixed_versions)
        finding.severity, finding.severity_note = hit.severity, hit.severity_note
        if event is None:
            finding.save()  # seen again: only when it was seen changes (untracked)
        else:
            _save(actor, finding, event, scan=run.pk)
        seen.add(finding.pk)
    gone = Finding.objects.filter(source=Source.DEPENDENCY, target=run.target).exclude(
        status=Status.FIXED
    )
    for finding in gone.exclude(pk__in=seen):
        finding.status = Status.FIXED
        finding.resolution = f"No longer found by the scan of {now:%Y-%m-%d %H:%M} UTC."
        _save(actor, finding, AuditEventType.FINDING_FIXED, scan=run.pk)
    record(actor=actor, event=AuditEventType.SECURITY_SCAN_COMPLETED, obj=run, company_id=None,
           extra={"source": run.advisory_source, "target": run.target,
                  "packages": packages, "found": len(hits)})
    return run


@action
def record_failed_scan(
    *, actor: Actor, error: str, started_at: datetime, advisory_source: str, target: str
) -> ScanRun:
    """Record a scan that could not complete; the register is left as it was."""
    policy.require(actor, SECURITY_FINDINGS)
    run = ScanRun.objects.create(
        started_at=started_at, finished_at=timezone.now(), advisory_source=advisory_source[:300],
        target=target[:300], ok=False, error=error[:2000],
    )
    record(actor=actor, event=AuditEventType.SECURITY_SCAN_FAILED, obj=run, company_id=None,
           extra={"source": run.advisory_source, "error": error[:500]})
    return run


@action
def set_owner(*, actor: Actor, finding: Finding, owner: User | None) -> Finding:
    """Make an operator (or nobody) responsible for a finding."""
    policy.require(actor, SECURITY_FINDINGS)
    if owner is not None and not (owner.is_operator and owner.is_active):
        raise ValidationError({"owner": "The owner must be an active operator."})
    finding.owner = owner
    return _save(actor, finding, AuditEventType.FINDING_OWNER_SET)


@action
def accept_exception(*, actor: Actor, finding: Finding, reason: str, expires: date) -> Finding:
    """Accept the risk of an open finding until ``expires`` (at most a year ahead)."""
    policy.require(actor, SECURITY_FINDINGS)
    today = timezone.localdate()
    problems = {}
    if not reason.strip():
        problems["reason"] = "Say why the risk is accepted."
    if not today < expires <= today + timedelta(days=MAX_EXCEPTION_DAYS):
        problems["expires"] = f"The exception must expire within {MAX_EXCEPTION_DAYS} days."
    if finding.status == Status.FIXED:
        problems["status"] = "A fixed finding needs no exception."
    if problems:
        raise ValidationError(problems)
    finding.status = Status.ACCEPTED
    finding.exception_reason, finding.exception_expires = reason.strip()[:2000], expires
    return _save(actor, finding, AuditEventType.FINDING_EXCEPTION_ACCEPTED)


@action
def expire_exception(*, actor: Actor, finding: Finding) -> Finding:
    """An accepted finding whose exception has expired is open again."""
    policy.require(actor, SECURITY_FINDINGS)
    finding.status = Status.OPEN
    return _save(actor, finding, AuditEventType.FINDING_EXCEPTION_EXPIRED,
                 expired=str(finding.exception_expires))


@action
def resolve_finding(*, actor: Actor, finding: Finding, resolution: str) -> Finding:
    """Mark a finding fixed, saying how (a scan reopens it if it is still there)."""
    policy.require(actor, SECURITY_FINDINGS)
    if not resolution.strip():
        raise ValidationError({"resolution": "Say how it was resolved."})
    finding.status, finding.resolution = Status.FIXED, resolution.strip()[:2000]
    return _save(actor, finding, AuditEventType.FINDING_RESOLVED)


@action
def report_overdue(*, actor: Actor, finding: Finding) -> Finding:
    """Flag an open finding past its due date (the overdue watch mails operators)."""
    policy.require(actor, SECURITY_FINDINGS)
    finding.overdue_reported_at = timezone.now()
    return _save(actor, finding, AuditEventType.FINDING_OVERDUE,
                 due=finding.due_at.isoformat())
