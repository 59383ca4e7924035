"""tools/verify_company_export.py: a good archive (a company's or a group's) verifies; any
change to it is named."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from strongroom.platform.history import signing
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.history.signing import derive_private_key
from strongroom.platform.tenancy.models import CompanyGroup
from tests.conftest import World
from tests.documents.conftest import files_dir  # noqa: F401  (fixture)
from tests.platform.test_company_export import export_acme, members, seeded  # noqa: F401

VERIFIER = Path(__file__).resolve().parents[2] / "tools" / "verify_company_export.py"
Change = Callable[[dict[str, bytes]], None]


def _offline(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(VERIFIER), str(path), *extra],
        capture_output=True, text=True, timeout=60, check=False,
    )


def _repack(archive: dict[str, bytes], path: Path) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for name, content in archive.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def test_a_good_archive_verifies(seeded: World, tmp_path: Path) -> None:  # noqa: F811
    result = _offline(export_acme(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: the manifest's signature, every member and the history chains verify." in (
        result.stdout
    )
    assert "(from the archive)" in result.stdout


def test_a_good_archive_verifies_under_the_trusted_key(
    seeded: World, tmp_path: Path  # noqa: F811
) -> None:
    public = signing.encode_public(signing.signing_key().public_key())
    result = _offline(export_acme(tmp_path), "--trust-key", public)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(trusted)" in result.stdout


def test_another_key_is_not_trusted(seeded: World, tmp_path: Path) -> None:  # noqa: F811
    other = signing.encode_public(derive_private_key("another installation").public_key())
    result = _offline(export_acme(tmp_path), "--trust-key", other)
    assert result.returncode == 1
    assert "INVALID manifest.sig: signed by a key that is not trusted" in result.stdout


def _record_byte(archive: dict[str, bytes]) -> None:
    name = "records/contacts.contactperson.json"
    archive[name] = archive[name].replace(b"Kari", b"Kary")


def _remove_file(archive: dict[str, bytes]) -> None:
    del archive[next(name for name in archive if name.startswith("files/"))]


def _add_file(archive: dict[str, bytes]) -> None:
    archive["files/smuggled"] = b"not exported"


def _change_manifest(archive: dict[str, bytes]) -> None:
    manifest = json.loads(archive["manifest.json"])
    manifest["counts"]["contacts.contactperson"] = 0
    archive["manifest.json"] = json.dumps(manifest).encode()


def _drop_history_entry(archive: dict[str, bytes]) -> None:
    bundle = json.loads(archive["audit/bundle.json"])
    chain = next(c for k, c in bundle["chains"].items() if k.startswith("c:"))
    del chain["entries"][0]
    archive["audit/bundle.json"] = json.dumps(bundle).encode()


@pytest.mark.parametrize(
    ("change", "messages"),
    [
        (_record_byte, ["records/contacts.contactperson.json: its SHA-256 or size differs"]),
        (_remove_file, ["INVALID files/", "listed in the manifest but missing from the archive"]),
        (_add_file, ["files/smuggled: in the archive but not in the manifest (added)"]),
        (_change_manifest, [
            "manifest.sig: the signature over manifest.json is not valid",
            "records/contacts.contactperson.json: holds 1 records, the manifest counts 0",
        ]),
        (_drop_history_entry, [
            "audit/bundle.json: its SHA-256 or size differs",
            "audit/bundle.json: c:",
        ]),
    ],
)
def test_a_changed_archive_fails_with_the_member_named(
    seeded: World, tmp_path: Path, change: Change, messages: list[str]  # noqa: F811
) -> None:
    archive = members(export_acme(tmp_path))
    change(archive)
    changed = tmp_path / "changed.tar.gz"
    _repack(archive, changed)
    result = _offline(changed)
    assert result.returncode == 1, result.stdout
    invalid = [line for line in result.stdout.splitlines() if line.startswith("INVALID ")]
    for message in messages:
        assert any(message in line for line in invalid), (message, result.stdout)
    assert "the archive does not verify" in result.stdout


def test_a_truncated_archive_is_unreadable(seeded: World, tmp_path: Path) -> None:  # noqa: F811
    path = export_acme(tmp_path)
    path.write_bytes(path.read_bytes()[:200])
    result = _offline(path)
    assert result.returncode == 2
    assert "cannot read" in result.stderr


def test_a_file_that_is_not_an_export_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.tar.gz"
    _repack({"readme.txt": b"hello"}, path)
    result = _offline(path)
    assert result.returncode == 1
    assert "INVALID manifest.json is missing: not a company export" in result.stdout


def _group_export(world: World, tmp_path: Path) -> Path:
    group = CompanyGroup.objects.create(slug="holding", name="Holding")
    group.companies.add(world.a.company, world.b.company)
    path = tmp_path / "holding.tar"
    call_command("group", "export", "holding", "--output", str(path))
    return path


def test_a_group_export_holds_each_company_s_archive_and_verifies(
    seeded: World, tmp_path: Path  # noqa: F811
) -> None:
    path = _group_export(seeded, tmp_path)
    archive = members(path)
    assert set(archive) == {
        "manifest.json", "manifest.sig", "companies/acme.tar.gz", "companies/globex.tar.gz"
    }
    manifest = json.loads(archive["manifest.json"])
    assert manifest["format"] == "strongroom-group-export/1"
    assert set(manifest["counts"]) == {"acme", "globex"}
    for company in (seeded.a.company, seeded.b.company):
        assert AuditEvent.objects.filter(
            company=company, event_type=AuditEventType.COMPANY_EXPORTED
        ).count() == 1
    result = _offline(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "companies/acme.tar.gz: company acme exported" in result.stdout


def test_a_changed_company_inside_a_group_export_is_named(
    seeded: World, tmp_path: Path  # noqa: F811
) -> None:
    archive = members(_group_export(seeded, tmp_path))
    inner = tmp_path / "inner.tar.gz"
    inner.write_bytes(archive["companies/acme.tar.gz"])
    acme = members(inner)
    _record_byte(acme)
    _repack(acme, inner)
    archive["companies/acme.tar.gz"] = inner.read_bytes()
    changed = tmp_path / "changed.tar"
    _repack(archive, changed)
    result = _offline(changed)
    assert result.returncode == 1
    assert "INVALID companies/acme.tar.gz: its SHA-256 or size differs" in result.stdout
    assert ("INVALID companies/acme.tar.gz: records/contacts.contactperson.json: its SHA-256 "
            "or size differs") in result.stdout


def test_an_unknown_group_is_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No group called 'nope'"):
        call_command("group", "export", "nope", "--output", str(tmp_path / "x.tar"))
