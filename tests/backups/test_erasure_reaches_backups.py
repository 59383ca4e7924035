"""Erasure and termination reach backups (P-D6, P-C4): once the key-store backups older than
them are gone, an old records backup restores with the values unreadable, and its history
still verifies."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.backups.installation import Installation

pytestmark = pytest.mark.sqlite_only

READ_PEOPLE = """
import json
from strongroom.records.contacts.models import ContactPerson
print(json.dumps({str(p.pk): [str(p.name), str(p.email)] for p in ContactPerson.objects.all()}))
"""

DELETE_ONE = """
from strongroom.platform.access.actor import member_actor
from strongroom.platform.tenancy.models import Membership
from strongroom.records.contacts.actions.people import delete_contact_person
from strongroom.records.contacts.models import ContactPerson
person = ContactPerson.objects.get(pk="{pk}")
owner = Membership.objects.filter(company=person.company, role="owner").first()
delete_contact_person(actor=member_actor(owner), person=person)
"""

COMPANY_OF = """
from strongroom.records.contacts.models import ContactPerson
print(ContactPerson.objects.select_related("company").get(pk="{pk}").company.slug)
"""


def people(site: Installation, restored: Path | None = None) -> dict[str, list[str]]:
    where = {}
    if restored is not None:
        where = {
            "STRONGROOM_DATABASE_URL": f"sqlite:///{restored / 'strongroom.sqlite3'}",
            "STRONGROOM_KEYS_DATABASE_URL": f"sqlite:///{restored / 'keys.sqlite3'}",
        }
    found: dict[str, list[str]] = json.loads(site.shell(READ_PEOPLE, **where).strip())
    return found


def restore_and_verify(site: Installation, run_id: str, target: Path) -> dict[str, list[str]]:
    site.run("backup", "restore", "--location", "local", "--backup", run_id, "--target",
             str(target))
    verified = site.run(
        "audit", "verify", "--quiet",
        STRONGROOM_DATABASE_URL=f"sqlite:///{target / 'strongroom.sqlite3'}",
        STRONGROOM_KEYS_DATABASE_URL=f"sqlite:///{target / 'keys.sqlite3'}",
    )
    assert verified.stdout.startswith("OK:"), verified.stdout
    return people(site, target)


def latest_run(site: Installation) -> str:
    return str(site.backups()[-1]["run"])


def test_erasure_and_termination_reach_old_record_backups(tmp_path: Path) -> None:
    site = Installation(
        data_dir=tmp_path / "data",
        locations={"local": str(tmp_path / "one"), "second": str(tmp_path / "two")},
    )
    site.run("migrate", "--no-input")
    site.run("demo")
    before = people(site)
    assert len(before) >= 2
    erased_id, kept_id = sorted(before)[:2]
    assert "[erased]" not in before[erased_id]

    site.run("backup", "run")
    first = latest_run(site)
    time.sleep(1.1)
    site.shell(DELETE_ONE.format(pk=erased_id))
    site.run("backup", "run")
    after_erasure = datetime.now(UTC).isoformat()

    # While the first run's key store is kept, its records restore readable: nothing reached
    # the backups yet.
    readable = restore_and_verify(site, first, tmp_path / "r1")
    assert readable[erased_id] == before[erased_id]

    forgotten = site.run("backup", "forget-keys", "--before", after_erasure)
    assert "local: 1 key-store backup(s) removed" in forgotten.stdout
    assert site.sql(
        "SELECT COUNT(*) FROM history_auditevent WHERE event_type = 2004"
    )[0][0] == 2  # one entry per location
    restored = restore_and_verify(site, first, tmp_path / "r2")
    assert restored[erased_id] == ["[erased]", "[erased]"]
    assert restored[kept_id] == before[kept_id]  # only the erased person's keys are gone

    time.sleep(1.1)
    slug = site.shell(COMPANY_OF.format(pk=kept_id)).strip()
    site.run("company", "terminate", slug, "--confirm", slug, "--reason", "service ended")
    site.run("backup", "run")
    site.run("backup", "forget-keys", "--before", datetime.now(UTC).isoformat())
    terminated = restore_and_verify(site, first, tmp_path / "r3")
    assert terminated[kept_id] == ["[erased]", "[erased]"]
    assert all(values == ["[erased]", "[erased]"] for values in terminated.values())
