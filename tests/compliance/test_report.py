"""``strongroom compliance report``: every promise with a status and evidence on a seeded
installation; a broken promise fails and the exit status says so; the signed JSON verifies
offline and a changed byte is refused."""

from __future__ import annotations

import base64
import json
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from strongroom.platform.backups.models import BackupRun
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.keys.models import CompanyKey
from strongroom.project import cli
from strongroom.records.contacts.models import ContactPerson
from tests.compliance.conftest import Seeded
from tests.security.action_cases import make_finding

TOOLS = Path(__file__).resolve().parents[2] / "tools"
STATUSES = {"pass", "fail", "warn", "not-applicable"}


def report(tmp_path: Path) -> tuple[dict[str, Any], int]:
    """(the signed JSON document, the exit status) of ``compliance report --json``."""
    output = tmp_path / "report.json"
    try:
        call_command("compliance", "report", "--json", "--output", str(output),
                     stdout=StringIO())
        code = 0
    except CommandError as error:
        code = error.returncode
    return json.loads(output.read_text()), code


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in document["report"]["promises"]}


def offline(path: Path, *args: str) -> int:
    sys.path.insert(0, str(TOOLS))
    try:
        import verify_compliance_report
    finally:
        sys.path.remove(str(TOOLS))
    return int(verify_compliance_report.main([str(path), *args]))


def test_every_promise_has_a_status_with_evidence(seeded: Seeded, tmp_path: Path) -> None:
    started = time.monotonic()
    document, code = report(tmp_path)
    assert time.monotonic() - started < 5
    promises = by_id(document)
    assert len(promises) == 41
    for item in promises.values():
        assert item["status"] in STATUSES, item
        assert item["reason"], item
        assert item["checked_at"], item
        assert not item["reason"].startswith("the check could not run"), item
        assert item["status"] != "pass" or item["evidence"], item
    for promise in ("P-C3", "P-D2", "P-F1", "P-F3", "P-G1", "P-G2", "P-B1", "P-C4"):
        assert promises[promise]["status"] == "pass", promises[promise]
    assert promises["P-G3"]["status"] == "pass"
    assert promises["P-G3"]["evidence"]["incidents"] == 0
    for promise in ("P-D5", "P-G5", "P-E4", "P-D7"):
        assert promises[promise]["status"] == "warn"
        assert promises[promise]["reason"].startswith("not built yet: ")
    person = promises["P-E3"]
    assert (person["status"], person["reason"]) == ("warn", "partial: CLI only, no web/API yet")
    assert person["evidence"]["undeclared_kinds"] == []
    assert "expenses.expenseclaim" in person["evidence"]["record_types"]["member"]
    assert promises["P-G6"]["status"] == "warn"  # no version recorded in the test database
    assert promises["P-G6"]["reason"].startswith("no version recorded yet")
    assert promises["P-C1"]["reason"].startswith("no scan recorded")
    assert promises["P-G8"]["status"] == "warn"
    assert promises["P-G8"]["evidence"]["checks"] == 41
    assert promises["P-D2"]["evidence"]["entries"] > 0
    assert promises["P-D2"]["evidence"]["problems"] == 0
    assert promises["P-C2"]["evidence"]["encrypted_values_sampled"] > 0
    assert promises["P-C2"]["evidence"]["columns_with_plaintext"] == []
    assert promises["P-F1"]["evidence"]["locations"][0]["age_minutes"] == 9
    # the operator sees counts, never company data (P-B4)
    assert "Kari" not in json.dumps(document)
    assert "Nordmann" not in json.dumps(document)
    failing = [i for i, item in promises.items() if item["status"] == "fail"]
    assert code == (1 if failing else 0)
    assert document["report"]["ok"] is not failing


def _old_company_key(seeded: Seeded) -> None:
    CompanyKey.objects.filter(company_id=seeded.company.pk).update(
        created_at=timezone.now() - timedelta(days=200))


def _edited_audit_row(seeded: Seeded) -> None:
    event = AuditEvent.objects.filter(company=seeded.company).order_by("id").first()
    assert event is not None
    AuditEvent.objects.filter(pk=event.pk).update(actor_name="Mallory")


def _stale_backup(seeded: Seeded) -> None:
    BackupRun.objects.filter(location="second").update(
        finished_at=timezone.now() - timedelta(hours=5))


def _no_backups(seeded: Seeded) -> None:
    BackupRun.objects.all().delete()


def _incident_past_its_clock(seeded: Seeded) -> None:
    from strongroom.security.models import Incident, Notice

    now = timezone.now()
    incident = Incident.objects.create(
        title="API key published", severity="high", category="credential_leak",
        opened_at=now - timedelta(hours=80), detected_at=now - timedelta(hours=80),
        confirmed_at=now - timedelta(hours=80), scope_computed_at=now - timedelta(hours=79),
    )
    Notice.objects.create(incident=incident, company=seeded.company, subject="Incident",
                          body="Draft", updated_at=now)


def _overdue_high_finding(seeded: Seeded) -> None:
    make_finding(severity="high", due_at=timezone.now() - timedelta(days=1))


@pytest.mark.parametrize(("promise", "breaks", "reason"), [
    ("P-C3", _old_company_key, "1 key(s) past their rotation period"),
    ("P-D2", _edited_audit_row, "audit verify found 1 problem(s)"),
    ("P-F1", _stale_backup, "no good backup within 120 minutes, or the last attempt failed: "
     "second"),
    ("P-F1", _no_backups, "no good backup within 120 minutes, or the last attempt failed: "
     "local, second"),
    ("P-G2", _overdue_high_finding, "1 open finding(s) past their due date"),
    ("P-G3", _incident_past_its_clock,
     "1 incident(s) past the 72-hour deadline with an affected company not yet told"),
], ids=["key-past-rotation", "audit-row-edited", "stale-backup", "no-backup", "overdue-finding",
        "incident-past-72-hours"])
def test_a_broken_promise_fails_and_the_exit_status_says_so(
    seeded: Seeded, tmp_path: Path, promise: str, breaks: Callable[[Seeded], None], reason: str,
) -> None:
    before, _ = report(tmp_path)
    assert by_id(before)[promise]["status"] == "pass"
    breaks(seeded)
    after, code = report(tmp_path)
    assert by_id(after)[promise]["status"] == "fail"
    assert by_id(after)[promise]["reason"] == reason
    assert code == 1
    assert after["report"]["ok"] is False


def test_the_text_summary_and_the_html_page(
    seeded: Seeded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _overdue_high_finding(seeded)
    html = tmp_path / "report.html"
    out = StringIO()
    with pytest.raises(CommandError, match=r"promise\(s\) fail: .*P-G2") as raised:
        call_command("compliance", "report", "--html", str(html), stdout=out)
    assert raised.value.returncode == 1
    text = out.getvalue()
    assert "FAIL P-G2  Vulnerability management: 1 open finding(s) past their due date" in text
    assert "PASS P-C3  Key rotation: every key is within its rotation period" in text
    page = html.read_text()
    assert page.startswith("<!doctype html>")
    assert all(f'id="{promise}"' in page for promise in by_id(report(tmp_path)[0]))
    assert cli.main(["--help"]) == 0
    assert "compliance" in capsys.readouterr().out


def test_the_signed_report_verifies_offline_and_a_changed_byte_is_refused(
    seeded: Seeded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report(tmp_path)
    path = tmp_path / "report.json"
    assert offline(path) == 0
    out = capsys.readouterr().out
    assert "OK: the signature verifies" in out
    public = json.loads(path.read_text())["signature"]["public_key"]
    assert offline(path, "--trust-key", public) == 0

    raw = path.read_bytes()
    changed = raw.replace(b'"status": "fail"', b'"status": "pass"', 1)
    if changed == raw:  # nothing failed: change a figure instead
        changed = raw.replace(b'"entries": ', b'"entries": 1', 1)
    assert changed != raw
    path.write_bytes(changed)
    assert offline(path) == 1
    assert "INVALID the signature is not valid" in capsys.readouterr().out

    path.write_bytes(raw)
    other = base64.b64encode(Ed25519PrivateKey.generate().public_key().public_bytes_raw())
    assert offline(path, "--trust-key", other.decode()) == 1
    assert "not trusted" in capsys.readouterr().out
    path.write_bytes(b"{not json")
    assert offline(path) == 2


def test_plaintext_in_an_encrypted_column_fails_at_rest(seeded: Seeded, tmp_path: Path) -> None:
    before, _ = report(tmp_path)
    assert by_id(before)["P-C2"]["status"] == "warn"  # partial, but nothing stored in clear
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {ContactPerson._meta.db_table} SET name = %s",  # noqa: S608
                       ["Kari Nordmann"])
    after, code = report(tmp_path)
    assert by_id(after)["P-C2"]["status"] == "fail"
    assert by_id(after)["P-C2"]["evidence"]["columns_with_plaintext"] == [
        "contacts.contactperson.name"]
    assert code == 1
    assert "Kari" not in json.dumps(after)  # the evidence names the column, not the value
