"""The weekly dependency scan and the daily watch on overdue findings and expired exceptions."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.jobs.alerts import alert_operators
from strongroom.platform.jobs.registry import periodic
from strongroom.security import runner, selectors
from strongroom.security.actions import expire_exception, report_overdue
from strongroom.security.permissions import SECURITY_FINDINGS
from strongroom.security.scan import ScanFailed


def job_actor(actor: Actor) -> Actor:
    """The jobs' system actor: keeps the register, sees nothing else (P-B4)."""
    return replace(actor, platform=True, permissions=frozenset({SECURITY_FINDINGS, PLATFORM_VIEW}))


@periodic(name="security.scan", every=timedelta(days=7))
def weekly_scan(actor: Actor) -> str:
    """Scan the installed packages (offline when an advisory directory is configured); a scan
    that cannot reach its data fails the job and mails operators."""
    scanner = job_actor(actor)
    try:
        run, _ = runner.run_and_record(scanner, advisory_dir=runner.configured_advisory_dir())
    except ScanFailed as error:
        alert_operators("Dependency scan failed", f"The weekly dependency scan failed:\n{error}\n")
        raise
    return f"{run.packages} packages scanned, {run.found} finding(s)"


@periodic(name="security.overdue", every=timedelta(days=1))
def watch_findings(actor: Actor) -> str:
    """Reopen findings whose exception expired; mail operators the open findings past due."""
    watcher = job_actor(actor)
    now = timezone.now()
    for finding in selectors.expired_exceptions(watcher, timezone.localdate()):
        expire_exception(actor=watcher, finding=finding)
    late = list(selectors.overdue(watcher, now))
    if not late:
        return "no finding is overdue"
    for finding in late:
        if finding.overdue_reported_at is None:
            report_overdue(actor=watcher, finding=finding)
    lines = [
        f"- {f.advisory_id or f'R-{f.pk}'} in {f.package} ({f.severity}), due {f.due_at:%Y-%m-%d}"
        for f in late
    ]
    alert_operators(
        f"{len(late)} vulnerability finding(s) overdue",
        "Open findings past their due date (strongroom security findings --overdue):\n"
        + "\n".join(lines) + "\n",
    )
    return f"{len(late)} finding(s) overdue, operators mailed"
