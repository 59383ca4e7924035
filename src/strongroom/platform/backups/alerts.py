"""Alerts to operators: a mail to every active operator account (P-F1, P-F3).

The audit chain entry that goes with each alert is recorded by the action that reports the
failure; this only tells people. A mail that cannot be sent is logged, never raised: the
failure it reports has been recorded already.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage

from strongroom.platform.accounts.models import User

log = logging.getLogger(__name__)


def alert_operators(subject: str, body: str) -> int:
    """Mail every active operator; how many were written to."""
    recipients = sorted(
        User.objects.filter(is_operator=True, is_active=True).values_list("email", flat=True)
    )
    if not recipients:
        log.error("backup alert with no operator to tell: %s", subject)
        return 0
    try:
        EmailMessage(f"[Strongroom] {subject}", body, to=recipients).send()
    except Exception:  # the alert is recorded in the audit chain already
        log.exception("could not mail the backup alert: %s", subject)
        return 0
    return len(recipients)
