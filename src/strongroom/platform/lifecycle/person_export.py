"""An export of everything held about one person (P-E3, GDPR Art. 15 and 20).

The archive has the company export's format (:mod:`export`): a gzip-compressed tar with a
``manifest.json`` (``"kind": "person"``, the company, the person's record type and id, counts
and the SHA-256 and size of every member) signed by the audit key in ``manifest.sig``, so
``tools/verify_company_export.py`` checks it. It holds:

    records/<type>.json              the person and the records about them (personal.py),
                                     values decrypted
    files/<id>                       the original bytes of the files those records point to
    records/history.auditevent.json  the history entries whose object is the person
    records/history.accessread.json  the access-log entries of reads of the person's record

It holds no audit bundle: the company's chains name everyone. :func:`build` notes every record
it reads in the access log (purpose ``export``) and records "person exported" in the person's
history before it reads the history, so the archive holds both.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.files.models import StoredFile
from strongroom.platform.history.models import AccessRead, AuditEvent
from strongroom.platform.history.tracking import canonical
from strongroom.platform.lifecycle import export, exportables, personal
from strongroom.platform.lifecycle.actions import record_person_export
from strongroom.platform.lifecycle.selectors import require_person_export
from strongroom.platform.tenancy.models import Company, CompanyStatus

KIND = "person"
HISTORY = (
    exportables.Exportable(model=AuditEvent, description="History entries about the person."),
    exportables.Exportable(model=AccessRead, description="Reads of the person's record."),
)


def find(actor: Actor, company: Company, kind: str, person_id: str) -> models.Model:
    """The person of ``kind`` with ``person_id`` in ``company``; NotFound when there is none
    there (in another company, or missing) or the actor may not export it."""
    require_person_export(actor, company)
    model = personal.subject(kind)
    try:
        person = model._default_manager.filter(company_id=company.pk, pk=person_id).first()
    except (ValueError, TypeError, ValidationError):
        person = None
    if person is None:
        raise policy.NotFound()
    return person


def build(*, actor: Actor, company: Company, kind: str, person: models.Model,
          workdir: Path) -> export.Archive:
    """Write the archive about ``person`` (of ``kind``) to ``workdir/<slug>-person.tar.gz``.

    ``workdir`` must be a private local directory (:func:`export.private_directory`); the
    plaintext staged in it is removed before this returns, except the archive itself.
    """
    require_person_export(actor, company)
    if getattr(person, "company_id", None) != company.pk:
        raise policy.NotFound()
    if company.status != CompanyStatus.ACTIVE:
        raise export.ExportError(f"{company.slug} is terminated: its keys are destroyed")
    if workdir.stat().st_mode & 0o077:
        raise export.ExportError(
            f"{workdir} is readable by others; stage exports in a 0700 directory"
        )
    reader = replace(actor, company=company)  # the reads go in the company's access log
    staging = workdir / "person"
    (staging / "records").mkdir(mode=0o700, parents=True)
    (staging / "files").mkdir()
    try:
        counts, files = _write_records(reader, kind, person, staging)
        record_person_export(actor=actor, company=company, person=person, counts=counts,
                             files=files)
        label, key = person._meta.label_lower, str(person.pk)
        for item in HISTORY:
            rows = item.model._default_manager.filter(
                company_id=company.pk, object_type=label, object_id=key
            ).order_by("pk")
            counts[item.label] = _write(staging, item, rows.iterator(chunk_size=500))
        manifest = {
            "format": export.FORMAT, "kind": KIND,
            "installation_id": export.installation_id(),
            "exported_at": canonical(timezone.now()),
            "company": export.company_summary(company),
            "person": {"kind": kind, "type": label, "id": key},
            "exported_by": export.exporter(actor),
            "counts": dict(sorted(counts.items())),
            "members": export.member_digests(staging),
        }
        path = workdir / f"{company.slug}-person.tar.gz"
        export.write_signed(staging, manifest, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return export.Archive(path=path, counts=counts, files=files, manifest=manifest)


def _write_records(reader: Actor, kind: str, person: models.Model,
                   staging: Path) -> tuple[dict[str, int], int]:
    counts: dict[str, int] = {}
    files = 0
    for label, rows in personal.collect(kind, person).items():
        item = exportables.exportable(label)
        for row in rows:
            if isinstance(row, StoredFile) and export.copy_file(
                row, staging / "files" / str(row.pk)
            ):
                files += 1
        counts[label] = _write(staging, item, iter(rows), erased=staging / "files")
        export.note(reader, list(rows))
    return counts, files


def _write(staging: Path, item: exportables.Exportable, rows: Any,
           erased: Path | None = None) -> int:
    """Write ``records/<label>.json``; a stored file whose bytes are not in the archive (its
    key destroyed) gets a null path, as in the company export."""
    count = 0
    with (staging / "records" / f"{item.label}.json").open("w", encoding="utf-8") as out:
        out.write("[")
        for row in rows:
            value = item.serialize(row)
            if erased is not None and isinstance(row, StoredFile) \
                    and not (erased / str(row.pk)).exists():
                value["path"] = None
            out.write(("," if count else "") + "\n" + export.dumps(value))
            count += 1
        out.write("\n]\n")
    return count
