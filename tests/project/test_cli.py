"""The ``strongroom`` command: help, clear errors with exit codes, and the operator commands."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from strongroom.platform.accounts.models import User
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.tenancy.models import Company, Membership
from strongroom.project.demo import DEMO_SLUG, PEOPLE
from strongroom.records.expenses.models import ClaimStatus, ExpenseClaim
from strongroom.records.invoices import demo as invoices_demo
from strongroom.records.invoices.models import Invoice, InvoiceKind


def run_cli(tmp_path: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a fresh process with its own SQLite data dir."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("STRONGROOM_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        STRONGROOM_DATA_DIR=str(tmp_path / "data"),
        STRONGROOM_DATABASE_URL="sqlite:///cli.sqlite3",
        **extra_env,
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "strongroom.project.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_lists_commands(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("serve", "worker", "migrate", "demo", "createoperator", "company", "group",
                    "check"):
        assert command in result.stdout


def test_unknown_command_exits_2(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "frobnicate")
    assert result.returncode == 2
    assert "unknown command 'frobnicate'" in result.stderr


def test_production_without_secret_names_the_variable(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "check", STRONGROOM_ENV="production")
    assert result.returncode == 2
    assert "STRONGROOM_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_company_create_and_list(tmp_path: Path) -> None:
    assert run_cli(tmp_path, "migrate", "-v0").returncode == 0
    created = run_cli(
        tmp_path, "company", "create", "--slug", "fjord", "--name", "Fjord AS",
        "--country", "NO", "--region", "eu-north", "--currency", "NOK",
        "--owner-email", "boss@fjord.test",
    )
    assert created.returncode == 0, created.stderr
    assert "Created company fjord" in created.stdout
    listed = run_cli(tmp_path, "company", "list")
    assert listed.returncode == 0
    assert "fjord" in listed.stdout
    assert "boss@fjord.test" not in listed.stdout  # the platform lists companies, not people
    bad = run_cli(
        tmp_path, "company", "create", "--slug", "Bad Slug", "--name", "X",
        "--country", "XX", "--region", "eu-north", "--currency", "NOK",
        "--owner-email", "a@b.test",
    )
    assert bad.returncode == 1
    assert "slug:" in bad.stderr
    assert "country:" in bad.stderr


def test_createoperator_reads_password_from_environment(tmp_path: Path) -> None:
    assert run_cli(tmp_path, "migrate", "-v0").returncode == 0
    weak = run_cli(
        tmp_path, "createoperator", "--email", "ops@platform.test",
        STRONGROOM_OPERATOR_PASSWORD="password",
    )
    assert weak.returncode == 1
    assert "password" in weak.stderr.lower()
    good = run_cli(
        tmp_path, "createoperator", "--email", "ops@platform.test",
        STRONGROOM_OPERATOR_PASSWORD="a long and unusual passphrase 7",
    )
    assert good.returncode == 0, good.stderr


@pytest.mark.django_db
def test_demo_is_idempotent_and_prints_logins() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    assert "Created demo company" in out.getvalue()
    members = Membership.objects.filter(company__slug=DEMO_SLUG).count()
    events = AuditEvent.objects.count()
    assert members == len(PEOPLE)
    invoices = Invoice.objects.filter(company__slug=DEMO_SLUG)
    assert invoices.filter(kind=InvoiceKind.INVOICE).count() == invoices_demo.INVOICES
    assert set(invoices.values_list("status", flat=True)) == {"draft", "issued", "paid"}
    assert invoices.filter(kind=InvoiceKind.CREDIT_NOTE, status="issued").exists()
    claims = ExpenseClaim.objects.filter(company__slug=DEMO_SLUG)
    assert set(claims.values_list("status", flat=True)) == set(ClaimStatus.values)
    counts = (invoices.count(), claims.count())
    again = StringIO()
    call_command("demo", stdout=again)
    assert "Found demo company" in again.getvalue()
    assert Membership.objects.filter(company__slug=DEMO_SLUG).count() == members
    assert (invoices.count(), claims.count()) == counts
    assert AuditEvent.objects.count() == events
    owner = User.objects.get(email=f"{PEOPLE[0].email}@nordlys.example")
    password = again.getvalue().split("password: ")[1].split()[0]
    assert owner.check_password(password)
    added = AuditEvent.objects.filter(
        company=Company.objects.get(slug=DEMO_SLUG), event_type=AuditEventType.MEMBER_ADDED
    )
    assert added.count() == len(PEOPLE)
    # Seeding is attributed to the command, never passed off as someone's web request.
    assert set(added.values_list("channel", flat=True)) == {"cli"}


@pytest.mark.django_db
def test_demo_refuses_production(settings: object) -> None:
    settings.PRODUCTION = True  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="production"):
        call_command("demo", stdout=StringIO())
