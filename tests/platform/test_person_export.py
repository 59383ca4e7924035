"""``strongroom company export-person``: everything about one person, and nothing else."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.history import read_log
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AccessRead, AuditEvent
from strongroom.platform.lifecycle import export, person_export, personal
from strongroom.records.contacts.models import ContactPerson
from strongroom.records.expenses.actions import create_claim
from tests.absences.helpers import pending_absence
from tests.conftest import World
from tests.documents.conftest import files_dir  # noqa: F401  (fixture)
from tests.documents.factories import make_document
from tests.expenses.factories import draft_claim
from tests.files import samples
from tests.platform.test_company_export import _people, members, records

VERIFIER = Path(__file__).resolve().parents[2] / "tools" / "verify_company_export.py"
KARI_FILE = samples.PDF + b"%kari"
OTHER_FILE = samples.PDF + b"%other-person"
GLOBEX_FILE = samples.PDF + b"%globex"
# every value of the other people: none may be anywhere in Kari's archive
OTHERS = (b"Ola Hansen", b"ola@example.test", b"Ola Hansen Holding", b"%other-person",
          b"Zebulon Quirkfeather", b"zebulon@example.test", b"%globex")


@pytest.fixture
def people(world: World, files_dir: Path) -> World:  # noqa: F811
    kari = _people(world.a, "Kari Nordmann")
    make_document(world.a, name="kari.pdf", content=KARI_FILE, target=kari)
    ola = _people(world.a, "Ola Hansen")
    make_document(world.a, name="ola.pdf", content=OTHER_FILE, target=ola)
    zeb = _people(world.b, "Zebulon Quirkfeather")
    make_document(world.b, name="globex.pdf", content=GLOBEX_FILE, target=zeb)
    # Kari's record is read once, and Ola's; only Kari's read belongs in her archive
    read_log.note_read(world.a.actor(perms.MANAGER), kari)
    read_log.note_read(world.a.actor(perms.MANAGER), ola)
    read_log.flush()
    return world


def _kari(world: World) -> ContactPerson:
    return next(p for p in ContactPerson.objects.filter(company=world.a.company)
                if p.name == "Kari Nordmann")


def export_person(tmp_path: Path, *who: str, slug: str = "acme") -> Path:
    path = tmp_path / "person.tar.gz"
    call_command("company", "export-person", slug, *who, "--output", str(path))
    return path


def test_a_contact_persons_archive_holds_their_data_and_nothing_of_anyone_else(
    people: World, tmp_path: Path
) -> None:
    kari = _kari(people)
    archive = members(export_person(tmp_path, "--contact-person", str(kari.pk)))
    manifest = json.loads(archive["manifest.json"])
    assert manifest["format"] == export.FORMAT
    assert manifest["kind"] == "person"
    assert manifest["person"] == {"kind": "contact", "type": "contacts.contactperson",
                                  "id": str(kari.pk)}
    assert [(p["name"], p["email"]) for p in records(archive, "contacts.contactperson")] == [
        ("Kari Nordmann", "kari@example.test")
    ]
    assert [o["name"] for o in records(archive, "contacts.organisation")] == [
        "Kari Nordmann Holding"
    ]
    assert [d["title"] for d in records(archive, "documents.document")] == ["kari"]
    stored = records(archive, "files.storedfile")
    assert len(stored) == 1
    assert archive[stored[0]["path"]] == KARI_FILE
    history = records(archive, "history.auditevent")
    assert {e["object_id"] for e in history} == {str(kari.pk)}
    assert history[-1]["event_type"] == AuditEventType.PERSON_EXPORTED
    assert history[0]["event_type"] == AuditEventType.CONTACT_PERSON_CREATED
    reads = records(archive, "history.accessread")
    assert {r["object_id"] for r in reads} == {str(kari.pk)}
    assert {r["purpose"] for r in reads} >= {"view", "export"}
    assert "manager@acme.test" in {r["actor_email"] for r in reads}
    assert set(archive) == {"manifest.json", "manifest.sig", *manifest["members"]}
    for name, content in archive.items():
        for value in OTHERS:
            assert value not in content, (name, value)


def test_a_members_archive_holds_their_absences_claims_and_role(
    people: World, tmp_path: Path
) -> None:
    absence = pending_absence(people.a)
    claim = draft_claim(people.a)
    create_claim(actor=people.a.actor(perms.MANAGER), title="Manager's trip")
    member = people.a.members[perms.EMPLOYEE]
    archive = members(export_person(tmp_path, "--member", str(member.pk)))
    staff = records(archive, "tenancy.membership")
    assert [(m["email"], m["role"]) for m in staff] == [("employee@acme.test", "employee")]
    assert [a["id"] for a in records(archive, "absences.absence")] == [str(absence.pk)]
    assert [c["title"] for c in records(archive, "expenses.expenseclaim")] == [claim.title]
    lines = records(archive, "expenses.expenseline")
    assert [line["claim_id"] for line in lines] == [str(claim.pk)]
    assert [r["requester_id"] for r in records(archive, "approvals.approvalrequest")] == [
        member.pk
    ]
    receipt = records(archive, "files.storedfile")
    assert [f["id"] for f in receipt] == [lines[0]["receipt_id"]]
    assert archive[receipt[0]["path"]] == samples.PDF
    for name, content in archive.items():
        assert b"Manager's trip" not in content, name
        assert b"manager@acme.test" not in content or name == "records/history.accessread.json"


def test_the_offline_checker_verifies_it_and_refuses_a_changed_byte(
    people: World, tmp_path: Path
) -> None:
    path = export_person(tmp_path, "--contact-person", str(_kari(people).pk))
    good = subprocess.run(  # noqa: S603
        [sys.executable, str(VERIFIER), str(path)], capture_output=True, text=True,
        timeout=60, check=False,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert "contacts.contactperson" in good.stdout
    archive = members(path)
    name = "records/contacts.contactperson.json"
    archive[name] = archive[name].replace(b"Kari", b"Kary")
    changed = tmp_path / "changed.tar.gz"
    with tarfile.open(changed, "w:gz") as tar:
        for member, content in archive.items():
            info = tarfile.TarInfo(member)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    bad = subprocess.run(  # noqa: S603
        [sys.executable, str(VERIFIER), str(changed)], capture_output=True, text=True,
        timeout=60, check=False,
    )
    assert bad.returncode == 1
    assert f"INVALID {name}: its SHA-256 or size differs" in bad.stdout


def test_the_export_is_in_the_persons_history_and_the_access_log(
    people: World, tmp_path: Path
) -> None:
    kari = _kari(people)
    export_person(tmp_path, "--contact-person", str(kari.pk))
    company = people.a.company
    entry = AuditEvent.objects.get(event_type=AuditEventType.PERSON_EXPORTED)
    assert (entry.company_id, entry.object_type, entry.object_id) == (
        company.pk, "contacts.contactperson", str(kari.pk))
    assert (entry.channel, entry.credential) == ("cli", "company export-person")
    assert entry.extra["records"]["documents.document"] == 1
    assert entry.extra["files"] == 1
    reads = AccessRead.objects.filter(company=company, purpose="export")
    assert set(reads.values_list("object_type", flat=True)) == {
        "contacts.contactperson", "contacts.organisation", "documents.document",
        "documents.documentversion", "files.storedfile",
    }
    assert reads.filter(object_type="contacts.contactperson").get().object_id == str(kari.pk)
    assert not AccessRead.objects.filter(company=people.b.company, purpose="export").exists()


def test_another_companys_person_is_not_found_like_a_missing_one(
    people: World, tmp_path: Path
) -> None:
    zeb = ContactPerson.objects.get(company=people.b.company)
    messages = []
    for who in (("--contact-person", str(zeb.pk)), ("--contact-person", "not-an-id"),
                ("--member", str(people.b.members[perms.OWNER].pk)), ("--member", "0")):
        with pytest.raises(CommandError) as raised:
            export_person(tmp_path, *who)
        messages.append(str(raised.value).replace(who[1], "ID"))
    assert len(set(messages[:2])) == 1
    assert len(set(messages[2:])) == 1
    assert "No contact person 'ID' in a company 'acme'." in messages
    assert not (tmp_path / "person.tar.gz").exists()
    assert not AuditEvent.objects.filter(event_type=AuditEventType.PERSON_EXPORTED).exists()


def test_only_owners_admins_and_operators_may_export_a_person(
    people: World, tmp_path: Path
) -> None:
    kari = _kari(people)
    for role in (perms.OWNER, perms.ADMIN):
        actor = people.a.actor(role)
        assert person_export.find(actor, people.a.company, personal.CONTACT, str(kari.pk)) == kari
    for role in (perms.MANAGER, perms.ACCOUNTANT, perms.EMPLOYEE, perms.AUDITOR):
        with pytest.raises((policy.Forbidden, policy.NotFound)):
            person_export.find(people.a.actor(role), people.a.company, personal.CONTACT,
                               str(kari.pk))
    with pytest.raises(policy.NotFound):  # an admin of another company
        person_export.find(people.b.actor(perms.ADMIN), people.a.company, personal.CONTACT,
                           str(kari.pk))
    workdir = export.private_directory(tmp_path)
    archive = person_export.build(actor=people.a.actor(perms.ADMIN), company=people.a.company,
                                  kind=personal.CONTACT, person=kari, workdir=workdir)
    assert archive.counts["contacts.contactperson"] == 1
