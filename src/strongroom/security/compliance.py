"""Live checks of security operations (P-C1, P-G1, P-G2, P-G3, P-G6) for the compliance report:
settings, the last scan, counts of findings, the incidents' breach clocks and the change log."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import Outcome, check, failed, passed, warned
from strongroom.security import change_selectors, changelog, incident_selectors, selectors
from strongroom.security.checks import security_txt_problems
from strongroom.security.models import Source, Status
from strongroom.security.sla import Severity

CHANGE_WINDOW = timedelta(days=90)
SCAN_WINDOW = timedelta(days=8)  # the scan is weekly, with a day's grace


@check("P-C1", "In transit")
def in_transit(actor: Actor) -> Outcome:
    """HTTPS settings in production; a TLS scan result when one is recorded."""
    evidence = {
        "production": settings.PRODUCTION, "ssl_redirect": settings.SECURE_SSL_REDIRECT,
        "hsts_seconds": settings.SECURE_HSTS_SECONDS,
        "hsts_subdomains": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
        "tls_scan": None,
    }
    if settings.PRODUCTION and not (settings.SECURE_SSL_REDIRECT
                                    and settings.SECURE_HSTS_SECONDS >= 31536000):
        return failed("production without an HTTPS redirect or a year of HSTS", **evidence)
    return warned("no scan recorded: the TLS proxy is scanned by the test suite "
                  "(tests/deploy/test_tls_scan.py), not yet by the installation", **evidence)


@check("P-G1", "security.txt and reporting")
def security_txt(actor: Actor) -> Outcome:
    problems = [message for message, _ in security_txt_problems(timezone.localdate())]
    expires = settings.STRONGROOM_SECURITY_TXT_EXPIRES
    evidence = {
        "contact": settings.STRONGROOM_SECURITY_CONTACT.split(":", 1)[0], "expires": expires,
        "problems": problems,
        "reports_received": selectors.findings(actor).filter(source=Source.REPORT).count(),
    }
    if problems:
        return failed("; ".join(problems), **evidence)
    return passed("security.txt has a contact and a valid expiry; the report form is served",
                  **evidence)


@check("P-G2", "Vulnerability management")
def vulnerabilities(actor: Actor) -> Outcome:
    """No open finding past its due date; the weekly scan ran and reached its advisories."""
    now = timezone.now()
    late = selectors.overdue(actor, now)
    last = selectors.last_scan(actor)
    open_ = selectors.findings(actor, status=Status.OPEN)
    evidence = {
        "open_by_severity": {s.value: open_.filter(severity=s).count() for s in Severity},
        "overdue": late.count(),
        "overdue_high_or_critical": late.filter(
            severity__in=(Severity.HIGH, Severity.CRITICAL)).count(),
        "expired_exceptions": selectors.expired_exceptions(actor, now.date()).count(),
        "last_scan": last.finished_at if last else None,
        "last_scan_ok": last.ok if last else None,
    }
    if evidence["overdue"]:
        return failed(f"{evidence['overdue']} open finding(s) past their due date", **evidence)
    if last is not None and not last.ok:
        return failed(f"the last scan failed: {last.error}", **evidence)
    if evidence["expired_exceptions"]:
        return failed("accepted findings whose exception has run out", **evidence)
    if last is None or last.finished_at < now - SCAN_WINDOW:
        return warned("no dependency scan in the last 8 days", **evidence)
    return passed("no finding past due; the weekly scan reached its advisories", **evidence)


@check("P-G3", "Incident register")
def incident_register(actor: Actor) -> Outcome:
    """No confirmed incident past its 72 hours with an affected company not yet told."""
    register = list(incident_selectors.incidents(actor))
    states = {incident.pk: incident_selectors.clock(incident).state for incident in register}
    overdue = sorted(pk for pk, state in states.items() if state == "overdue")
    evidence = {
        "incidents": len(register),
        "open": sum(1 for incident in register if incident.resolved_at is None),
        "clocks_running": sum(1 for state in states.values() if state == "running"),
        "overdue": overdue,
        "notified_late": sum(1 for state in states.values() if state == "notified late"),
        "not_confirmed": sum(1 for state in states.values() if state == "not started"),
    }
    if overdue:
        return failed(f"{len(overdue)} incident(s) past the 72-hour deadline with an affected "
                      "company not yet told", **evidence)
    if evidence["notified_late"]:
        return warned("every affected company was told, some after the 72 hours", **evidence)
    return passed("no incident past its 72-hour deadline", **evidence)


@check("P-G6", "Change log")
def change_log(actor: Actor) -> Outcome:
    """The running version is the last one recorded; changes of the last 90 days by kind."""
    last = change_selectors.last_version(actor)
    recent = change_selectors.changes(actor, since=timezone.now() - CHANGE_WINDOW)
    kinds: dict[str, int] = {}
    for entry in recent:
        kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    version, commit = changelog.current_version()
    evidence = {
        "last_version": last.version if last else None,
        "last_commit": (last.commit or None) if last else None,
        "last_version_at": last.recorded_at if last else None,
        "changes_90_days": len(recent), "by_kind": kinds,
    }
    if last is None:
        return warned("no version recorded yet: start the installation with strongroom serve, "
                      "worker or migrate", **evidence)
    if (last.version, last.commit) != (version, commit):
        return warned(f"the running version {version} is not the last one recorded", **evidence)
    return passed("versions, migrations, security settings, key rotations and planned changes "
                  "are recorded", **evidence)
