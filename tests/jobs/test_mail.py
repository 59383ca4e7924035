"""The outbox: mail leaves after the commit through the real database queue, a mail server that
is down fails no request, and a failed attempt is tried again until it is delivered."""

from __future__ import annotations

import socket
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from strongroom.platform.jobs import mail
from tests.identity.conftest import smtp_outbox  # noqa: F401  (fixture)
from tests.identity.test_security_events import LAPTOP, _sign_in_for_real
from tests.jobs.conftest import DATABASE_QUEUE

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("only_test_jobs"),  # the worker runs the queued mail, no job
]
TASK_PATH = "strongroom.platform.jobs.mail.deliver_mail"


@pytest.fixture
def mail_server_down(settings: Any, smtp_outbox: list[Any]) -> int:  # noqa: F811
    """Point Django at a port nothing listens on; returns the real server's port for later."""
    working = settings.EMAIL_PORT
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings.EMAIL_PORT = closed
    settings.TASKS = DATABASE_QUEUE
    return int(working)


def _queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=TASK_PATH).order_by("enqueued_at"))


def _work() -> None:
    call_command("worker", "--once", stdout=StringIO())


def test_a_mail_waits_for_the_commit_and_is_retried_until_the_server_takes_it(
    settings: Any, mail_server_down: int, smtp_outbox: list[Any]  # noqa: F811
) -> None:
    with transaction.atomic():
        mail.send_after_commit(subject="Hello", body="Body", to=["kari@acme.test", ""])
        assert _queued() == []  # nothing before the commit
    (first,) = _queued()
    assert first.args_kwargs["args"][1] == 0

    before = timezone.now()
    _work()  # the server is down: the attempt fails, the next one waits its delay
    first.refresh_from_db()
    assert first.return_value == "attempt 1 failed (ConnectionRefusedError): tried again later"
    (retry,) = [task for task in _queued() if task.pk != first.pk]
    assert retry.args_kwargs["args"][1] == 1
    assert retry.run_after is not None
    assert retry.run_after >= before + mail.RETRY_AFTER[0]
    _work()  # not due yet: left alone
    retry.refresh_from_db()
    assert retry.status == "READY"
    assert smtp_outbox == []

    settings.EMAIL_PORT = mail_server_down  # the server is back
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    _work()
    retry.refresh_from_db()
    assert (retry.status, retry.return_value) == ("SUCCESSFUL", "delivered")
    (delivered,) = smtp_outbox
    assert (delivered["Subject"], delivered["To"]) == ("Hello", "kari@acme.test")


def test_a_mail_is_given_up_after_the_last_attempt(
    mail_server_down: int, caplog: pytest.LogCaptureFixture
) -> None:
    message = {"subject": "Hello", "body": "Body", "to": ["kari@acme.test"]}
    mail.deliver_mail.enqueue(message, len(mail.RETRY_AFTER))
    _work()
    (last,) = _queued()
    assert last.status == "FAILED"
    assert "given up after 6 attempt(s)" in caplog.text


def test_an_alert_is_sent_at_once_and_left_to_the_outbox_when_it_cannot_be(
    settings: Any, mail_server_down: int, smtp_outbox: list[Any]  # noqa: F811
) -> None:
    mail.send_after_commit(subject="Down", body="Body", to=["ops@acme.test"], at_once=True)
    (retry,) = _queued()  # the attempt made at once failed: attempt 2 is queued
    assert retry.args_kwargs["args"][1] == 1
    settings.EMAIL_PORT = mail_server_down
    mail.send_after_commit(subject="Up", body="Body", to=["ops@acme.test"], at_once=True)
    assert [message["Subject"] for message in smtp_outbox] == ["Up"]  # no worker needed
    assert len(_queued()) == 1


def test_a_sign_in_succeeds_while_the_mail_server_is_down(
    world: Any, mail_server_down: int, smtp_outbox: list[Any], settings: Any  # noqa: F811
) -> None:
    from tests.auth import enrol_totp

    owner = world.a.user("owner")
    secret = enrol_totp(owner)
    _sign_in_for_real(owner.email, secret, browser=LAPTOP)  # asserts the redirect onwards
    (queued,) = _queued()
    assert queued.args_kwargs["args"][0]["to"] == [owner.email]
    settings.EMAIL_PORT = mail_server_down
    _work()
    assert [str(message["To"]) for message in smtp_outbox] == [owner.email]
    assert timezone.now() - timedelta(minutes=1) < queued.enqueued_at
