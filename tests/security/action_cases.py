"""Calls of the security actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.security import actions
from strongroom.security.models import Finding, Incident, Notice, Source, Status
from strongroom.security.scan import Hit
from tests.conftest import World

Build = Callable[[World, Actor], dict[str, Any]]


def make_finding(status: str = Status.OPEN, **fields: Any) -> Finding:
    now = timezone.now()
    values: dict[str, Any] = {
        "source": Source.DEPENDENCY, "package": "django", "installed_version": "4.2.0",
        "advisory_id": f"TEST-{Finding.objects.count() + 1}", "severity": "high",
        "first_seen": now, "last_seen": now, "due_at": now + timedelta(days=30),
        "status": status,
    }
    values.update(fields)
    return Finding.objects.create(**values)


def make_incident(**fields: Any) -> Incident:
    values: dict[str, Any] = {
        "title": "API key leaked", "severity": "high", "category": "credential_leak",
        "opened_at": timezone.now(), "detected_at": timezone.now(),
    }
    values.update(fields)
    return Incident.objects.create(**values)


def make_notice(world: World) -> Notice:
    return Notice.objects.create(
        incident=make_incident(), company=world.a.company, subject="Incident",
        body="What happened.", updated_at=timezone.now(),
    )


HIT = Hit(package="jinja2", version="2.10", advisory_id="TEST-9", aliases=("CVE-1",),
          severity="critical", severity_note="test", summary="", fixed_versions=("2.10.1",))

CASES: dict[Callable[..., Any], Build] = {
    actions.record_scan: lambda w, p: {
        "actor": p, "hits": [HIT], "started_at": timezone.now(), "advisory_source": "test",
        "target": "test", "packages": 1,
    },
    actions.record_failed_scan: lambda w, p: {
        "actor": p, "error": "unreachable", "started_at": timezone.now(),
        "advisory_source": "pip-audit", "target": "test",
    },
    actions.set_owner: lambda w, p: {"actor": p, "finding": make_finding(), "owner": w.operator},
    actions.accept_exception: lambda w, p: {
        "actor": p, "finding": make_finding(), "reason": "Not reachable here.",
        "expires": timezone.localdate() + timedelta(days=30),
    },
    actions.expire_exception: lambda w, p: {
        "actor": p, "finding": make_finding(
            Status.ACCEPTED, exception_reason="x",
            exception_expires=timezone.localdate() - timedelta(days=1),
        ),
    },
    actions.resolve_finding: lambda w, p: {
        "actor": p, "finding": make_finding(), "resolution": "Upgraded to 5.2.",
    },
    actions.report_overdue: lambda w, p: {
        "actor": p, "finding": make_finding(due_at=timezone.now() - timedelta(days=1)),
    },
    actions.report_vulnerability: lambda w, p: {
        "actor": p, "email": "finder@example.test", "component": "web",
        "description": "XSS in the search box.",
    },
    actions.open_incident: lambda w, p: {
        "actor": p, "title": "API key leaked", "severity": "high",
        "category": "credential_leak",
    },
    actions.update_incident: lambda w, p: {
        "actor": p, "incident": make_incident(),
        "values": {"nature": "A key was published.", "owner": w.operator},
    },
    actions.record_milestone: lambda w, p: {
        "actor": p, "incident": make_incident(), "milestone": "confirmed",
    },
    actions.compute_scope: lambda w, p: {
        "actor": p, "incident": make_incident(), "user": w.a.user("admin"),
    },
    actions.publish_incident: lambda w, p: {
        "actor": p, "incident": make_incident(status_page_id=None),
        "message": "We are investigating.",
    },
    actions.edit_notice: lambda w, p: {
        "actor": p, "notice": make_notice(w), "subject": "Incident", "body": "Edited.",
    },
    actions.send_notice: lambda w, p: {"actor": p, "notice": make_notice(w)},
    actions.record_version: lambda w, p: {"actor": p},
    actions.record_migrations: lambda w, p: {
        "actor": p, "applied": [("security", "0003_change_log", False)],
    },
    actions.record_configuration: lambda w, p: {"actor": p},
    actions.plan_change: lambda w, p: {
        "actor": p, "summary": "Upgrade PostgreSQL to 17", "note": "Reviewed; restore drill first.",
    },
}
