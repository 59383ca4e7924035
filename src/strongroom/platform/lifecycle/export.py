"""A company's export archive (P-E2): its records, files, members and history in one file.

The archive is a gzip-compressed tar holding::

    manifest.json        format, installation, export time, company, who exported, record
                         counts per type, the excluded types, and the SHA-256 and size of
                         every other member
    manifest.sig         {"format", "key", "signature", "public_key"}: Ed25519 by the audit
                         signing key over "strongroom:company-export:v1\\n" || manifest.json
    records/<type>.json  one JSON array per exported record type (platform/lifecycle/
                         exportables.py), values decrypted
    files/<id>           the original bytes of each stored file whose key still exists
    audit/bundle.json    the audit and access-log chains with their checkpoints and public
                         keys (platform/history/bundle.py, as ``strongroom audit export``)

:func:`build` stages the members in a private directory the caller gives (it must be on local
disk, mode 0700), notes every record it reads in the company's access log (purpose
``export``), records "company exported" in the history, then writes the chains (which so hold
both), the manifest and the archive. ``tools/verify_company_export.py`` checks an archive
offline. Memory stays bounded: rows and bytes are streamed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_COMPANIES
from strongroom.platform.files import storage
from strongroom.platform.files.models import StoredFile
from strongroom.platform.history import bundle, read_log, signing
from strongroom.platform.history.tracking import canonical
from strongroom.platform.keys.errors import FileErased
from strongroom.platform.lifecycle import exportables
from strongroom.platform.lifecycle.actions import record_company_export
from strongroom.platform.tenancy.models import Company, CompanyGroup, CompanyStatus

FORMAT = "strongroom-company-export/1"
SIGNATURE_FORMAT = "strongroom-company-export-signature/1"
SIGNATURE_DOMAIN = b"strongroom:company-export:v1\n"
GROUP_FORMAT = "strongroom-group-export/1"
GROUP_SIGNATURE_DOMAIN = b"strongroom:group-export:v1\n"
READ_BATCH = 500


class ExportError(Exception):
    """The archive cannot be written as asked (a clear message for the operator)."""


@dataclass(frozen=True)
class Archive:
    """A written archive: where, and what it holds."""

    path: Path
    counts: dict[str, int]
    files: int
    manifest: dict[str, Any]


def private_directory(parent: Path | None = None) -> Path:
    """A new directory only this process's user can open (0700), for staging plaintext."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="strongroom-export-", dir=parent))
    path.chmod(0o700)
    return path


def build(*, actor: Actor, company: Company, workdir: Path) -> Archive:
    """Write ``company``'s archive to ``workdir/<slug>.tar.gz`` and return it.

    ``workdir`` must be a private local directory (:func:`private_directory`); the plaintext
    staged in it is removed before this returns, except the archive itself.
    """
    if actor.company is not None:  # a company's own export (owner/admin) is not offered yet
        raise policy.NotFound()
    policy.require(actor, PLATFORM_COMPANIES)
    if company.status != CompanyStatus.ACTIVE:
        raise ExportError(f"{company.slug} is terminated: its keys are destroyed")
    if workdir.stat().st_mode & 0o077:
        raise ExportError(f"{workdir} is readable by others; stage exports in a 0700 directory")
    reader = replace(actor, company=company)  # the reads go in the company's access log
    staging = workdir / "staging"
    staging.mkdir(mode=0o700)
    try:
        counts, files = _write_records(reader, company, staging)
        record_company_export(actor=actor, company=company, counts=counts, files=files)
        (staging / "audit").mkdir()
        with (staging / "audit" / "bundle.json").open("w", encoding="utf-8") as out:
            bundle.write(company, out)
        manifest = _manifest(actor, company, staging, counts)
        path = workdir / f"{company.slug}.tar.gz"
        write_signed(staging, manifest, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Archive(path=path, counts=counts, files=files, manifest=manifest)


def build_group(*, actor: Actor, group: CompanyGroup, workdir: Path) -> Archive:
    """Write the archives of every active company of ``group`` into one uncompressed tar,
    ``workdir/group-<slug>.tar``: ``companies/<slug>.tar.gz`` each, and a ``manifest.json``
    (format ``strongroom-group-export/1``) signed over ``strongroom:group-export:v1\\n``."""
    policy.require(actor, PLATFORM_COMPANIES)
    companies = list(group.companies.filter(status=CompanyStatus.ACTIVE).order_by("slug"))
    if not companies:
        raise ExportError(f"group {group.slug} has no active company to export")
    staging = workdir / "group"
    (staging / "companies").mkdir(mode=0o700, parents=True)
    try:
        counts: dict[str, int] = {}
        files = 0
        for company in companies:
            archive = build(actor=actor, company=company, workdir=workdir)
            archive.path.rename(staging / "companies" / archive.path.name)
            counts[company.slug] = sum(archive.counts.values())
            files += archive.files
        manifest = _manifest_of_group(actor, group, staging, counts)
        manifest_bytes = (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1)
                          + "\n").encode()
        (staging / "manifest.json").write_bytes(manifest_bytes)
        (staging / "manifest.sig").write_bytes(
            signature_document(manifest_bytes, domain=GROUP_SIGNATURE_DOMAIN)
        )
        path = workdir / f"group-{group.slug}.tar"
        _pack(staging, path, manifest, mode="w")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Archive(path=path, counts=counts, files=files, manifest=manifest)


def _manifest_of_group(actor: Actor, group: CompanyGroup, staging: Path,
                       counts: dict[str, int]) -> dict[str, Any]:
    members: dict[str, dict[str, Any]] = {}
    for path in sorted((staging / "companies").iterdir()):
        with path.open("rb") as handle:
            members[f"companies/{path.name}"] = {
                "sha256": sha256_of(handle), "size": path.stat().st_size,
            }
    return {
        "format": GROUP_FORMAT, "installation_id": installation_id(),
        "exported_at": canonical(timezone.now()),
        "group": {"slug": group.slug, "name": group.name},
        "exported_by": exporter(actor), "counts": counts, "members": members,
    }


def signature_document(manifest_bytes: bytes, *, domain: bytes = SIGNATURE_DOMAIN) -> bytes:
    """``manifest.sig``: the audit key's Ed25519 signature over the manifest's bytes."""
    key_id, signature = signing.sign(domain + manifest_bytes)
    document = {
        "format": SIGNATURE_FORMAT, "key": key_id, "signature": signature,
        "public_key": signing.encode_public(signing.signing_key().public_key()),
    }
    return (json.dumps(document, sort_keys=True, indent=1) + "\n").encode()


def installation_id() -> str:
    """This installation as exports name it: the id of its current audit signing key."""
    return signing.key_id(signing.signing_key().public_key())


def _write_records(reader: Actor, company: Company, staging: Path) -> tuple[dict[str, int], int]:
    (staging / "records").mkdir()
    (staging / "files").mkdir()
    counts: dict[str, int] = {}
    files = 0
    for item in exportables.exportables():
        count = 0
        batch: list[Any] = []
        with (staging / "records" / f"{item.label}.json").open("w", encoding="utf-8") as out:
            out.write("[")
            for row in item.rows(company.pk):
                value = item.serialize(row)
                if isinstance(row, StoredFile):
                    if copy_file(row, staging / "files" / str(row.pk)):
                        files += 1
                    else:
                        value["path"] = None
                out.write(("," if count else "") + "\n" + dumps(value))
                count += 1
                batch.append(row)
                if len(batch) >= READ_BATCH:
                    note(reader, batch)
            out.write("\n]\n")
        note(reader, batch)
        counts[item.label] = count
    note(reader, [company])
    return counts, files


def note(reader: Actor, batch: list[Any]) -> None:
    """Note an export's reads and write them now, so the chains exported after hold them."""
    if batch:
        read_log.note_reads(reader, batch, purpose="export")
        read_log.flush()
        batch.clear()


def copy_file(stored: StoredFile, target: Path) -> bool:
    """Copy a file's plain bytes (checked against its size and SHA-256 as they stream);
    False when its key was destroyed (an erased person's file)."""
    try:
        chunks = storage.read(stored)
    except FileErased:
        return False
    try:
        with target.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
    except storage.IntegrityError as error:
        raise ExportError(f"{error}; the export stopped") from None
    return True


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_of(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def member_digests(staging: Path) -> dict[str, dict[str, Any]]:
    """The SHA-256 and size of every file staged for an archive, by its name in it."""
    members: dict[str, dict[str, Any]] = {}
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        with path.open("rb") as handle:
            members[path.relative_to(staging).as_posix()] = {
                "sha256": sha256_of(handle), "size": path.stat().st_size,
            }
    return members


def company_summary(company: Company) -> dict[str, Any]:
    """The company as a manifest names it."""
    return {
        "id": company.pk, "slug": company.slug, "name": company.name,
        "country": company.country, "region": company.region, "currency": company.currency,
        "fiscal_year_end": f"{company.fiscal_year_end_month:02d}-"
                           f"{company.fiscal_year_end_day:02d}",
        "status": company.status, "created_at": canonical(company.created_at),
    }


def exporter(actor: Actor) -> dict[str, Any]:
    """Who exported, as a manifest names them."""
    return {
        "name": actor.name, "email": actor.email, "channel": str(actor.channel),
        "credential": actor.credential,
    }


def _manifest(actor: Actor, company: Company, staging: Path,
              counts: dict[str, int]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "installation_id": installation_id(),
        "exported_at": canonical(timezone.now()),
        "company": company_summary(company),
        "exported_by": exporter(actor),
        "counts": counts,
        "excluded": exportables.exclusions(),
        "members": member_digests(staging),
    }


def write_signed(staging: Path, manifest: dict[str, Any], path: Path) -> None:
    """Write ``manifest.json`` and its signature into ``staging`` and pack it to ``path``."""
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1)
                      + "\n").encode()
    (staging / "manifest.json").write_bytes(manifest_bytes)
    (staging / "manifest.sig").write_bytes(signature_document(manifest_bytes))
    _pack(staging, path, manifest, mode="w:gz")


def _pack(staging: Path, path: Path, manifest: dict[str, Any], *, mode: str) -> None:
    names = ["manifest.json", "manifest.sig", *manifest["members"]]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode=mode) as tar:  # type: ignore[call-overload]
        for name in names:
            info = tar.gettarinfo(str(staging / name), arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mode = 0o600
            with (staging / name).open("rb") as handle:
                tar.addfile(info, handle)


def copy_new(plain: Path, output: Path) -> None:
    """Copy the archive to ``output``, a new file readable by its owner only (0600)."""
    try:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ExportError(f"{output} exists; choose a new file") from None
    with os.fdopen(fd, "wb") as out, plain.open("rb") as source:
        shutil.copyfileobj(source, out, 1 << 20)


def check_recipient(recipient: str) -> str:
    """Refuse a recipient that is no age X25519 public key, or a missing ``age`` tool (before
    anything is read); returns the tool's path."""
    if not recipient.startswith("age1") or not recipient.isalnum():
        raise ExportError("the recipient must be an age X25519 public key (age1...)")
    program = shutil.which("age")
    if program is None:
        raise ExportError("the 'age' tool is not installed (Debian package age)")
    return program


def encrypt_to_recipient(plain: Path, recipient: str, output: Path) -> None:
    """Encrypt ``plain`` to an age X25519 recipient (``age1...``) with the ``age`` tool,
    writing ``output`` (which must not exist)."""
    program = check_recipient(recipient)
    if output.exists():
        raise ExportError(f"{output} exists; choose a new file")
    result = subprocess.run(  # noqa: S603 (fixed program, no shell)
        [program, "--encrypt", "--recipient", recipient, "--output", str(output), str(plain)],
        capture_output=True, text=True, check=False, timeout=3600,
    )
    if result.returncode != 0:
        output.unlink(missing_ok=True)
        raise ExportError(f"age could not encrypt the archive: {result.stderr.strip()}")
