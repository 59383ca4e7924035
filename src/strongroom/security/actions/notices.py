"""The notices of an incident (P-G3): the operator edits each affected company's draft and sends
it to the company's owners through the outbox. Each sending is kept (who, when, to whom, what)
and audited in the platform chain."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.jobs import mail
from strongroom.platform.tenancy.models import Membership
from strongroom.security.breach_clock import now
from strongroom.security.models import Notice, NoticeSending
from strongroom.security.permissions import SECURITY_INCIDENTS


def _owner_addresses(company_id: int) -> list[str]:
    """The e-mail addresses of the company's active owners."""
    owners = Membership.objects.filter(
        company_id=company_id, role=perms.OWNER, is_active=True, user__is_active=True
    ).order_by("pk")
    return list(dict.fromkeys(owners.values_list("user__email", flat=True)))


@action
def edit_notice(*, actor: Actor, notice: Notice, subject: str, body: str) -> Notice:
    """Change a notice's subject and text before (or between) sendings."""
    policy.require(actor, SECURITY_INCIDENTS)
    if not subject.strip() or not body.strip():
        raise ValidationError("A notice needs a subject and a text.")
    notice.subject, notice.body = subject.strip()[:200], body.strip()
    notice.updated_at = now()
    notice.save()
    record(actor=actor, event=AuditEventType.INCIDENT_NOTICE_EDITED, obj=notice,
           company_id=None, extra={"incident": notice.incident_id, "company": notice.company_id})
    return notice


@action
def send_notice(*, actor: Actor, notice: Notice) -> NoticeSending:
    """Mail the notice as it stands to the company's owners, and keep the sending."""
    policy.require(actor, SECURITY_INCIDENTS)
    recipients = _owner_addresses(notice.company_id)
    if not recipients:
        raise ValidationError("The company has no active owner to send the notice to.")
    sending = NoticeSending.objects.create(
        notice=notice, sent_at=now(), sent_by=actor.user, sent_by_name=actor.name[:200],
        recipients=recipients, subject=notice.subject, body=notice.body,
    )
    record(actor=actor, event=AuditEventType.INCIDENT_NOTICE_SENT, obj=notice, company_id=None,
           extra={"incident": notice.incident_id, "company": notice.company_id,
                  "recipients": len(recipients), "sending": sending.pk})
    mail.send_after_commit(subject=notice.subject, body=notice.body, to=recipients)
    return sending
