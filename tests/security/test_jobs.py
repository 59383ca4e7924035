"""The weekly scan and the daily overdue watch (P-G2): operators are mailed, each overdue
finding is flagged once, expired exceptions reopen, and /metrics shows the register."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from strongroom.platform.access.actor import system_actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.security import jobs
from strongroom.security.models import Finding, ScanRun, Status
from strongroom.security.scan import ScanFailed
from tests.conftest import World
from tests.metrics.conftest import metrics_token, scrape, value
from tests.security.action_cases import make_finding

pytestmark = pytest.mark.django_db
__all__ = ["metrics_token"]


def test_overdue_findings_are_flagged_once_and_mailed_daily(
    world: World, django_capture_on_commit_callbacks: Any,
) -> None:
    late = make_finding(due_at=timezone.now() - timedelta(hours=1))
    make_finding(due_at=timezone.now() + timedelta(days=3))
    lapsed = make_finding(Status.ACCEPTED, exception_reason="x",
                          exception_expires=timezone.localdate() - timedelta(days=1),
                          due_at=timezone.now() + timedelta(days=9))
    actor = system_actor(job="security.overdue")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            summary = jobs.watch_findings(actor)
        assert summary == "1 finding(s) overdue, operators mailed"
    flagged = AuditEvent.objects.filter(event_type=AuditEventType.FINDING_OVERDUE)
    assert [event.object_id for event in flagged] == [str(late.pk)]
    assert [m.to for m in mail.outbox] == [[world.operator.email]] * 2
    assert late.advisory_id in mail.outbox[0].body
    lapsed.refresh_from_db()
    assert lapsed.status == Status.OPEN


def test_the_weekly_scan_runs_offline_and_a_failed_one_mails_operators(
    world: World, advisory_dir: Path, tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    actor = system_actor(job="security.scan")
    with override_settings(STRONGROOM_SECURITY_ADVISORY_DIR=str(advisory_dir)):
        assert "packages scanned" in jobs.weekly_scan(actor)
    assert ScanRun.objects.get().ok
    absent = str(tmp_path / "absent")
    with (
        override_settings(STRONGROOM_SECURITY_ADVISORY_DIR=absent),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ScanFailed, match="does not exist"),
    ):
        jobs.weekly_scan(actor)
    last = ScanRun.objects.first()
    assert last is not None
    assert not last.ok
    assert "Dependency scan failed" in mail.outbox[-1].subject


def test_metrics_show_open_and_overdue_findings(client: Client, metrics_token: str) -> None:
    make_finding(due_at=timezone.now() - timedelta(days=1), severity="critical")
    make_finding()
    make_finding(Status.FIXED)
    found = scrape(client)
    assert value(found, "strongroom_metrics_collector_up", collector="vulnerabilities") == 1
    assert value(found, "strongroom_vulnerability_findings_open", severity="critical") == 1
    assert value(found, "strongroom_vulnerability_findings_open", severity="high") == 1
    assert value(found, "strongroom_vulnerability_findings_overdue") == 1
    assert value(found, "strongroom_vulnerability_scan_last_success_timestamp_seconds") == 0
    assert Finding.objects.count() == 3
