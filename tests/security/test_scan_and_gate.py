"""P-G2 acceptance: a vulnerable pin becomes a finding with its SLA, the gate fails on it until a
live exception covers it, and a scan that cannot reach its advisory data fails, never clean."""

from __future__ import annotations

import time
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from strongroom.platform.access.actor import cli_actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.security import runner, scan
from strongroom.security.models import Finding, ScanRun, Source, Status
from strongroom.security.sla import SLA_DAYS, Severity

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _gate(advisory_dir: Path, requirements: Path, exceptions: Path | None = None) -> str:
    out = StringIO()
    args = ["gate", "--offline", str(advisory_dir), "--requirements", str(requirements)]
    if exceptions is not None:
        args += ["--exceptions", str(exceptions)]
    call_command("security", *args, stdout=out)
    return out.getvalue()


def test_the_locked_dependencies_pass_the_gate_in_seconds(advisory_dir: Path) -> None:
    started = time.monotonic()
    output = _gate(advisory_dir, ROOT / "requirements" / "base.lock")
    assert time.monotonic() - started < 20
    assert "packages checked against offline:" in output
    assert "BLOCKING" not in output


def test_a_vulnerable_pin_is_recorded_with_its_severity_and_due_date(
    advisory_dir: Path, vulnerable_pins: Path
) -> None:
    run, hits = runner.run_and_record(
        cli_actor(command="test"), advisory_dir=advisory_dir, requirements=vulnerable_pins
    )
    assert run.ok
    assert run.packages == 2
    assert run.found == len(hits) > 0
    django = Finding.objects.filter(package="django", source=Source.DEPENDENCY)
    assert django.exists()
    assert Finding.objects.filter(package="jinja2").exists()
    for finding in Finding.objects.all():
        assert finding.status == Status.OPEN
        assert finding.installed_version in ("4.2.0", "2.10")
        days = SLA_DAYS[Severity(finding.severity)]
        assert finding.due_at - finding.first_seen == timedelta(days=days)
        if finding.severity_note.startswith("no severity"):
            assert finding.severity == Severity.HIGH  # fail closed
    opened = AuditEvent.objects.filter(event_type=AuditEventType.FINDING_OPENED)
    assert opened.count() == Finding.objects.count()

    # The same scan again: the same findings, none opened twice.
    runner.run_and_record(cli_actor(command="test"), advisory_dir=advisory_dir,
                          requirements=vulnerable_pins)
    assert Finding.objects.count() == run.found
    assert opened.count() == run.found

    # The pins fixed: every finding of the scan is marked fixed.
    vulnerable_pins.write_text("django==5.2.19\njinja2==3.1.6\n")
    runner.run_and_record(cli_actor(command="test"), advisory_dir=advisory_dir,
                          requirements=vulnerable_pins)
    assert set(Finding.objects.values_list("status", flat=True)) == {Status.FIXED}


def test_gate_fails_until_a_live_exception_covers_each_blocking_finding(
    advisory_dir: Path, vulnerable_pins: Path, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="high or critical finding"):
        _gate(advisory_dir, vulnerable_pins)
    hits = scan.offline(advisory_dir, scan.pinned(vulnerable_pins))
    blocking = [h for h in hits if h.severity in ("high", "critical")]
    assert blocking

    def exceptions(expires: date) -> Path:
        path = tmp_path / "exceptions.toml"
        path.write_text("".join(
            f'[[exception]]\nadvisory = "{h.advisory_id}"\npackage = "{h.package}"\n'
            f'reason = "Test pin, never deployed."\nexpires = {expires.isoformat()}\n\n'
            for h in blocking
        ))
        return path

    live = exceptions(timezone.localdate() + timedelta(days=30))
    output = _gate(advisory_dir, vulnerable_pins, live)
    assert "BLOCKING" not in output
    assert output.count("excepted until") == len(blocking)
    with pytest.raises(CommandError, match="high or critical finding"):
        _gate(advisory_dir, vulnerable_pins, exceptions(timezone.localdate() - timedelta(days=1)))
    with pytest.raises(CommandError, match="more than a year ahead"):
        _gate(advisory_dir, vulnerable_pins, exceptions(timezone.localdate() + timedelta(days=400)))


def test_gate_and_scan_fail_when_the_advisory_source_is_missing_or_unreadable(
    tmp_path: Path, vulnerable_pins: Path
) -> None:
    with pytest.raises(CommandError, match=r"nothing is known to be clean.*does not exist"):
        _gate(tmp_path / "absent", vulnerable_pins)
    (tmp_path / "bad.yaml").write_text("id: [\n")
    with pytest.raises(CommandError, match="cannot read advisory"):
        call_command("security", "scan", "--offline", str(tmp_path),
                     "--requirements", str(vulnerable_pins), stdout=StringIO())
    failed = ScanRun.objects.get()
    assert not failed.ok
    assert "cannot read advisory" in failed.error
    assert not Finding.objects.exists()


def test_an_unpinned_requirement_fails_the_gate(advisory_dir: Path, tmp_path: Path) -> None:
    loose = tmp_path / "loose.txt"
    loose.write_text("django>=4\n")
    with pytest.raises(CommandError, match="not pinned"):
        _gate(advisory_dir, loose)


def test_online_scan_fails_when_pip_audit_cannot_reach_its_data(
    vulnerable_pins: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pip-audit with its data source unreachable (a proxy on a closed port): the scan fails
    and says so, and no finding is recorded as clean or otherwise."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:1")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:1")
    monkeypatch.delenv("NO_PROXY", raising=False)
    assert scan.pip_audit_command().is_file(), "scripts/system-deps.sh installs .venv-audit"
    with pytest.raises(CommandError, match="scan failed, nothing is known to be clean"):
        call_command("security", "scan", "--requirements", str(vulnerable_pins),
                     stdout=StringIO())
    failed = ScanRun.objects.get()
    assert not failed.ok
    assert failed.advisory_source == "pip-audit"
    assert not Finding.objects.exists()
    assert AuditEvent.objects.filter(event_type=AuditEventType.SECURITY_SCAN_FAILED).exists()


def test_findings_cli_lists_the_register(advisory_dir: Path, vulnerable_pins: Path) -> None:
    call_command("security", "scan", "--offline", str(advisory_dir),
                 "--requirements", str(vulnerable_pins), stdout=StringIO())
    out = StringIO()
    call_command("security", "findings", "--json", stdout=out)
    import json

    rows = json.loads(out.getvalue())
    assert {row["package"] for row in rows} == {"django", "jinja2"}
    out = StringIO()
    call_command("security", "findings", "--overdue", stdout=out)
    assert out.getvalue() == ""


def test_a_scan_of_another_target_leaves_the_first_ones_findings_open(
    advisory_dir: Path, vulnerable_pins: Path, tmp_path: Path
) -> None:
    runner.run_and_record(cli_actor(command="test"), advisory_dir=advisory_dir,
                          requirements=vulnerable_pins)
    found = Finding.objects.count()
    assert found
    assert set(Finding.objects.values_list("target", flat=True)) == {str(vulnerable_pins)}
    clean = tmp_path / "clean.lock"
    clean.write_text("django==5.2.19\njinja2==3.1.6\n")
    runner.run_and_record(cli_actor(command="test"), advisory_dir=advisory_dir,
                          requirements=clean)
    assert set(Finding.objects.values_list("status", flat=True)) == {Status.OPEN}
    again = tmp_path / "again.lock"
    again.write_text(vulnerable_pins.read_text())
    runner.run_and_record(cli_actor(command="test"), advisory_dir=advisory_dir,
                          requirements=again)
    assert Finding.objects.count() == 2 * found  # the same advisories, found in another file
