"""A vulnerability reported through the public form: a finding of source "report", and an
acknowledgement mailed to the reporter (P-G1)."""

from __future__ import annotations

from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.jobs import mail
from strongroom.platform.keys import platform_values
from strongroom.security.models import Finding, Source
from strongroom.security.models.findings import REPORTER_PURPOSE
from strongroom.security.permissions import SECURITY_REPORT
from strongroom.security.sla import Severity, due_date


@action
def report_vulnerability(
    *, actor: Actor, email: str, component: str, description: str
) -> Finding:
    """Record a report as an open finding, treated as high until triaged, and acknowledge it."""
    policy.require(actor, SECURITY_REPORT)
    now = timezone.now()
    finding = Finding.objects.create(
        source=Source.REPORT, package=component.strip()[:200] or "unspecified",
        summary=description.strip()[:10000], severity=Severity.HIGH,
        severity_note="reported: treated as high until triaged",
        first_seen=now, last_seen=now, due_at=due_date(Severity.HIGH, now),
        reporter_email=platform_values.seal(
            email, record_type=REPORTER_PURPOSE, field="reporter_email"
        ),
    )
    record(actor=actor, event=AuditEventType.VULNERABILITY_REPORTED, obj=finding,
           company_id=None)
    mail.send_after_commit(
        subject=f"[Strongroom] Vulnerability report received (reference R-{finding.pk})",
        body=(
            "Thank you for your report. It is recorded under the reference "
            f"R-{finding.pk}, and we will reply once we have looked into it.\n\n"
            "Please keep the details confidential until it is fixed.\n"
        ),
        to=[email],
    )
    return finding
