"""Mail that tells people what happened: sent by a job worker after the transaction that caused
it commits, and tried again until the mail server takes it (the outbox).

A request never waits for the mail server and never fails because it is down: the mail is a
task in the database queue, so it commits with the change it reports and survives a restart.
Each failed attempt is logged (the exception's class only) and retried after a growing delay;
after the last one the task fails and shows as failed among the queue's task results. What a
mail says is rendered before it is queued, so the queue holds what the mail server's spool would
hold: never a secret (sign-in codes and password-reset links are sent at once, by their own
code, because they are useless late).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# The delay before each further attempt; after the last one the mail is given up.
RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


def send_after_commit(
    *, subject: str, body: str, to: Sequence[str], at_once: bool = False
) -> None:
    """Queue a plain-text mail once the current transaction commits (at once outside one).

    ``at_once`` sends it in this process right after the commit and queues only the retries:
    for alerts from the command line and jobs, which must not wait for a worker to be running.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    message = {"subject": subject, "body": body, "to": recipients}
    if at_once:
        transaction.on_commit(lambda: _send_now(message))
    else:
        transaction.on_commit(lambda: deliver_mail.enqueue(message, 0))


@task()
def deliver_mail(message: dict[str, Any], attempt: int) -> str:
    """Hand one queued mail to the mail server; on failure queue the next attempt. The result
    says which (the task fails only when the mail is given up)."""
    try:
        _send(message)
    except Exception as exc:  # refused, timed out, unreachable: all the same to the outbox
        if not _retry(message, attempt + 1, exc):
            raise
        return f"attempt {attempt + 1} failed ({type(exc).__name__}): tried again later"
    return "delivered"


def _send(message: dict[str, Any]) -> None:
    EmailMessage(message["subject"], message["body"], to=message["to"]).send()


def _send_now(message: dict[str, Any]) -> None:
    try:
        _send(message)
    except Exception as exc:
        _retry(message, 1, exc)


def _retry(message: dict[str, Any], failed: int, exc: Exception) -> bool:
    """Queue attempt ``failed + 1`` after its delay; False when the mail is given up."""
    if failed > len(RETRY_AFTER) or not deliver_mail.get_backend().supports_defer:
        logger.error("mail given up after %d attempt(s): %s", failed, type(exc).__name__)
        return False
    delay = RETRY_AFTER[failed - 1]
    logger.warning("mail attempt %d failed (%s); next in %s", failed, type(exc).__name__, delay)
    deliver_mail.using(run_after=timezone.now() + delay).enqueue(message, failed)
    return True
