"""``strongroom company export``: the archive, what it holds, and what the export records."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import cli_actor
from strongroom.platform.files.models import StoredFile
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AccessRead, AuditEvent
from strongroom.platform.lifecycle import exportables
from strongroom.platform.lifecycle.actions import terminate_company
from strongroom.records.contacts.actions import create_contact_person, create_organisation
from strongroom.records.contacts.models import ContactPerson
from tests.conftest import CompanyWorld, World
from tests.documents.conftest import files_dir  # noqa: F401  (fixture)
from tests.documents.factories import make_document
from tests.files import samples

ACME_FILE = samples.PDF
GLOBEX_SECRET = "Zebulon Quirkfeather"


def _people(company: CompanyWorld, name: str) -> ContactPerson:
    admin = company.actor(perms.ADMIN)
    organisation = create_organisation(
        actor=admin, fields={"name": f"{name} Holding", "country": "NO"}
    )
    return create_contact_person(
        actor=admin, organisation=organisation,
        fields={"name": name, "email": f"{name.split()[0].lower()}@example.test"},
    )


@pytest.fixture
def seeded(world: World, files_dir: Path) -> World:  # noqa: F811
    person = _people(world.a, "Kari Nordmann")
    make_document(world.a, name="contract.pdf", target=person)
    other = _people(world.b, GLOBEX_SECRET)
    make_document(world.b, name="globex.pdf", content=samples.PDF + b"%globex", target=other)
    return world


def export_acme(tmp_path: Path, *extra: str) -> Path:
    path = tmp_path / "acme.tar.gz"
    call_command("company", "export", "acme", "--output", str(path), *extra)
    return path


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {
            info.name: tar.extractfile(info).read()  # type: ignore[union-attr]
            for info in tar if info.isfile()
        }


def records(archive: dict[str, bytes], label: str) -> list[dict[str, Any]]:
    return json.loads(archive[f"records/{label}.json"])


def test_every_company_owned_model_is_exported_or_excluded_with_a_reason(db: None) -> None:
    assert exportables.unlisted() == []
    assert all(reason for reason in exportables.exclusions().values())


def test_a_model_neither_exported_nor_excluded_is_named(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = {k: v for k, v in exportables._registry.exported.items()
                if k != "contacts.contactperson"}
    monkeypatch.setattr(exportables._registry, "exported", exported)
    assert exportables.unlisted() == ["contacts.contactperson"]


def test_a_model_cannot_be_both_exported_and_excluded(db: None) -> None:
    with pytest.raises(ValueError, match="registered for export"):
        exportables.exclude(ContactPerson, reason="no")


def test_the_archive_holds_decrypted_records_files_members_and_history(
    seeded: World, tmp_path: Path
) -> None:
    archive = members(export_acme(tmp_path))
    manifest = json.loads(archive["manifest.json"])
    assert manifest["format"] == "strongroom-company-export/1"
    assert manifest["company"]["slug"] == "acme"
    people = records(archive, "contacts.contactperson")
    assert [(p["name"], p["email"]) for p in people] == [("Kari Nordmann", "kari@example.test")]
    stored = records(archive, "files.storedfile")
    assert len(stored) == 1
    assert stored[0]["path"] == f"files/{stored[0]['id']}"
    assert archive[stored[0]["path"]] == ACME_FILE
    assert stored[0]["sha256"] == manifest["members"][stored[0]["path"]]["sha256"]
    staff = records(archive, "tenancy.membership")
    assert {m["email"] for m in staff} == {f"{role}@acme.test" for role in perms.BUILTIN_ROLES}
    assert {m["role"] for m in staff} == set(perms.BUILTIN_ROLES)
    assert "Reader" in {r["name"] for r in records(archive, "tenancy.customrole")}
    assert {t["name"] for t in records(archive, "tenancy.tag")} >= {"team:oslo"}
    assert manifest["counts"]["contacts.contactperson"] == 1
    assert manifest["counts"]["approvals.approvalrule"] == 0
    assert set(archive) == {"manifest.json", "manifest.sig", *manifest["members"]}
    assert {label for label in manifest["counts"]} == {e.label for e in exportables.exportables()}
    bundle = json.loads(archive["audit/bundle.json"])
    assert bundle["company"]["slug"] == "acme"
    assert "identity.apikey" in manifest["excluded"]


def test_the_archive_holds_nothing_of_another_company(seeded: World, tmp_path: Path) -> None:
    archive = members(export_acme(tmp_path))
    for name, content in archive.items():
        assert GLOBEX_SECRET.encode() not in content, name
        assert b"globex" not in content.lower(), name
        assert b"%globex" not in content, name


def test_the_export_is_in_the_history_and_the_access_log(seeded: World, tmp_path: Path) -> None:
    archive = members(export_acme(tmp_path))
    company = seeded.a.company
    entry = AuditEvent.objects.get(company=company, event_type=AuditEventType.COMPANY_EXPORTED)
    assert (entry.channel, entry.credential) == ("cli", "company export")
    assert entry.extra["records"]["contacts.contactperson"] == 1
    assert entry.extra["files"] == 1
    person = ContactPerson.objects.get(company=company)
    reads = AccessRead.objects.filter(company=company, purpose="export")
    assert reads.filter(object_type="contacts.contactperson", object_id=str(person.pk)).exists()
    assert reads.filter(object_type="tenancy.membership").count() == len(perms.BUILTIN_ROLES)
    assert not AccessRead.objects.filter(company=seeded.b.company, purpose="export").exists()
    # the chains in the archive hold the export's own entry and reads
    chains = json.loads(archive["audit/bundle.json"])["chains"]
    audit = chains[f"c:{company.pk}"]["entries"]
    assert audit[-1]["content"]["type"] == AuditEventType.COMPANY_EXPORTED
    purposes = [e["content"]["purpose"] for e in chains[f"a:{company.pk}"]["entries"]]
    assert purposes.count("export") == reads.count()


def test_the_cli_refuses_an_existing_output_and_an_unknown_company(
    seeded: World, tmp_path: Path
) -> None:
    existing = tmp_path / "taken.tar.gz"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="exists"):
        call_command("company", "export", "acme", "--output", str(existing))
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(CommandError, match="No company 'nope'"):
        call_command("company", "export", "nope", "--output", str(tmp_path / "n.tar.gz"))
    assert not AuditEvent.objects.filter(event_type=AuditEventType.COMPANY_EXPORTED).exists()


def test_the_unencrypted_archive_is_private_to_its_owner(seeded: World, tmp_path: Path) -> None:
    assert export_acme(tmp_path).stat().st_mode & 0o777 == 0o600


def test_an_archive_encrypted_to_an_age_recipient_decrypts_with_its_identity(
    seeded: World, tmp_path: Path
) -> None:
    identity = tmp_path / "identity.txt"
    keygen, age = shutil.which("age-keygen"), shutil.which("age")
    assert keygen is not None, "install age: scripts/system-deps.sh"
    assert age is not None
    subprocess.run([keygen, "-o", str(identity)], check=True, capture_output=True)  # noqa: S603
    recipient = next(
        line.split(": ", 1)[1] for line in identity.read_text().splitlines()
        if line.startswith("# public key: ")
    )
    sealed = tmp_path / "acme.tar.gz.age"
    call_command("company", "export", "acme", "--output", str(sealed), "--recipient", recipient)
    assert not tarfile.is_tarfile(sealed)
    assert b"Kari Nordmann" not in sealed.read_bytes()
    plain = tmp_path / "plain.tar.gz"
    subprocess.run(  # noqa: S603
        [age, "--decrypt", "-i", str(identity), "-o", str(plain), str(sealed)],
        check=True, capture_output=True,
    )
    assert records(members(plain), "contacts.contactperson")[0]["name"] == "Kari Nordmann"


def test_a_malformed_recipient_is_refused_and_nothing_is_written(
    seeded: World, tmp_path: Path
) -> None:
    out = tmp_path / "acme.tar.gz.age"
    with pytest.raises(CommandError, match="age X25519 public key"):
        call_command("company", "export", "acme", "--output", str(out), "--recipient", "bob")
    assert not out.exists()
    assert not AuditEvent.objects.filter(event_type=AuditEventType.COMPANY_EXPORTED).exists()
    assert not AccessRead.objects.filter(purpose="export").exists()


def test_the_documented_schema_is_the_registry_s(db: None) -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "portability.md").read_text()
    start = text.index("<!-- schema:start")
    documented = text[text.index("\n", start) + 1:text.index("<!-- schema:end -->")]
    assert documented.strip() == exportables.schema_markdown().strip(), (
        "docs/portability.md's schema is out of date: paste `strongroom company export-schema`"
    )


def test_the_demo_company_exports_every_type_and_verifies_offline(
    db: None, files_dir: Path, tmp_path: Path  # noqa: F811
) -> None:
    from strongroom.project.demo import DEMO_SLUG
    from tests.platform.test_company_export_verifier import _offline

    call_command("demo", stdout=io.StringIO())
    path = tmp_path / "demo.tar.gz"
    call_command("company", "export", DEMO_SLUG, "--output", str(path), stdout=io.StringIO())
    manifest = json.loads(members(path)["manifest.json"])
    filled = {label for label, count in manifest["counts"].items() if count}
    assert {"invoices.invoice", "invoices.invoiceline", "expenses.expenseclaim",
            "absences.absence", "contacts.contactperson", "documents.document",
            "files.storedfile", "approvals.approvalrequest"} <= filled
    result = _offline(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_plaintext_staging_directory_is_removed(
    seeded: World, files_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    export_acme(tmp_path)
    stored = StoredFile.objects.get(company=seeded.a.company)
    (files_dir / stored.storage_name).write_bytes(b"damaged")  # fails half way through
    with pytest.raises(CommandError, match="the export stopped"):
        call_command("company", "export", "acme", "--output", str(tmp_path / "b.tar.gz"))
    assert list(scratch.iterdir()) == []


def test_a_damaged_stored_file_stops_the_export(
    seeded: World, files_dir: Path, tmp_path: Path  # noqa: F811
) -> None:
    stored = StoredFile.objects.get(company=seeded.a.company)
    target = files_dir / stored.storage_name
    target.write_bytes(b"\0" * target.stat().st_size)
    out = tmp_path / "acme.tar.gz"
    with pytest.raises(CommandError, match=f"stored file {stored.pk}"):
        call_command("company", "export", "acme", "--output", str(out))
    assert not out.exists()


def test_a_terminated_company_is_not_exported(seeded: World, tmp_path: Path) -> None:
    terminate_company(actor=cli_actor(command="test"), company=seeded.a.company,
                      reason="Contract ended", confirm_slug="acme")
    with pytest.raises(CommandError, match="acme is terminated"):
        export_acme(tmp_path)
