"""Alerts to operators: a mail to every active operator account (backups P-F1, P-F3; security
scans P-G2).

The audit chain entry that goes with each alert is recorded by the action that reports the
failure; this only tells people. The mail is sent at once after the reporting transaction commits
(backups and scans run from the command line and jobs, where no worker may be running) and, if
the mail server is down, left to the outbox (``mail``) to try again.
"""

from __future__ import annotations

import logging

from strongroom.platform.accounts.models import User
from strongroom.platform.jobs import mail

log = logging.getLogger(__name__)


def alert_operators(subject: str, body: str) -> int:
    """Mail every active operator; how many were written to."""
    recipients = sorted(
        User.objects.filter(is_operator=True, is_active=True).values_list("email", flat=True)
    )
    if not recipients:
        log.error("operator alert with no operator to tell: %s", subject)
        return 0
    mail.send_after_commit(
        subject=f"[Strongroom] {subject}", body=body, to=recipients, at_once=True
    )
    return len(recipients)
