"""P-G1: /.well-known/security.txt per RFC 9116, the production start-up check, and the public
report form (CSRF, rate limit, register, acknowledgement)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.security.checks import security_txt_configured, security_txt_problems
from strongroom.security.models import Finding, Source, Status
from tests.test_settings import production, run

pytestmark = pytest.mark.django_db


def _fields(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        name, _, value = line.partition(": ")
        found.setdefault(name, []).append(value)
    return found


def test_security_txt_has_the_rfc_9116_fields(client: Client) -> None:
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = _fields(response.content.decode())
    assert "mailto:security@localhost" in fields["Contact"]
    assert "http://testserver/security/report/" in fields["Contact"]
    expires = timezone.datetime.fromisoformat(fields["Expires"][0].replace("Z", "+00:00"))
    assert timezone.now() < expires < timezone.now() + timedelta(days=365)
    assert fields["Policy"] == ["http://testserver/security/report/"]
    assert fields["Preferred-Languages"] == ["en"]
    assert fields["Canonical"] == ["http://testserver/.well-known/security.txt"]


def test_production_refuses_a_missing_contact_or_a_bad_expiry() -> None:
    today = timezone.localdate()
    with override_settings(PRODUCTION=True, STRONGROOM_SECURITY_CONTACT="",
                           STRONGROOM_SECURITY_TXT_EXPIRES=today - timedelta(days=1)):
        ids = {error.id for error in security_txt_configured()}
    assert ids == {"strongroom.security.E001", "strongroom.security.E002"}
    with override_settings(STRONGROOM_SECURITY_TXT_EXPIRES=today + timedelta(days=400)):
        assert [code for _, code in security_txt_problems(today)] == ["003"]
    with override_settings(PRODUCTION=True, STRONGROOM_SECURITY_CONTACT="https://x.test/sec",
                           STRONGROOM_SECURITY_TXT_EXPIRES=today + timedelta(days=200)):
        assert security_txt_configured() == []
    with override_settings(PRODUCTION=False, STRONGROOM_SECURITY_CONTACT=""):
        assert security_txt_configured() == []


REPORT = {"email": "finder@example.test", "component": "search",
          "description": "Stored XSS in the organisation name."}


def test_a_report_is_recorded_and_acknowledged(
    django_capture_on_commit_callbacks: Any,
) -> None:
    cache.clear()
    page = Client().get("/security/report/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script" not in html.replace('<script src="', "")
    assert " style=" not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/security/report/", REPORT)
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.source, finding.status, finding.severity) == (Source.REPORT, Status.OPEN,
                                                                  "high")
    assert finding.due_at - finding.first_seen == timedelta(days=30)
    assert finding.reporter == REPORT["email"]
    assert REPORT["email"] not in finding.reporter_email  # sealed under the platform key
    assert not AuditEvent.objects.filter(changes__icontains=REPORT["email"]).exists()
    assert "Stored XSS" in finding.summary
    event = AuditEvent.objects.get(event_type=AuditEventType.VULNERABILITY_REPORTED)
    assert event.company_id is None
    assert event.channel == "web"
    assert [m.to for m in mail.outbox] == [[REPORT["email"]]]
    assert f"R-{finding.pk}" in mail.outbox[0].subject


def test_the_report_form_needs_csrf_and_valid_input() -> None:
    cache.clear()
    assert Client(enforce_csrf_checks=True).post("/security/report/", REPORT).status_code == 403
    bad = Client().post("/security/report/", {**REPORT, "email": "not-an-address"})
    assert bad.status_code == 400
    assert not Finding.objects.exists()


def test_the_report_form_is_rate_limited() -> None:
    cache.clear()
    client = Client()
    codes = [client.post("/security/report/", REPORT).status_code for _ in range(6)]
    assert codes[:5] == [302] * 5
    assert codes[5] == 429
    assert Finding.objects.count() == 5
    assert re.search(r"R-\d+", Client().get("/security/report/").content.decode()) is None


def test_production_does_not_start_without_a_contact(tmp_path: Path) -> None:
    """The real settings in a fresh process: Django's checks stop every command that runs them
    (``serve`` among them) with the check's id."""
    source = {"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    environ = production(**source)
    del environ["STRONGROOM_SECURITY_CONTACT"]
    refused = run(tmp_path, "-m", "django", "check", **environ)
    assert refused.returncode != 0
    assert "strongroom.security.E001" in refused.stderr
    passed = run(tmp_path, "-m", "django", "check", **production(**source))
    assert passed.returncode == 0, passed.stderr
