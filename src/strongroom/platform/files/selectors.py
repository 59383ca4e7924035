"""Reading files: the one read path, behind the caller's permission and the access log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.policy import CompanyScoped
from strongroom.platform.files import storage
from strongroom.platform.files.models import StoredFile
from strongroom.platform.history.read_log import note_read


@dataclass(frozen=True)
class Download:
    """A file opened for the actor: its metadata and a stream of its plain bytes."""

    file: StoredFile
    chunks: Iterator[bytes]


def open_file(
    actor: Actor, stored: StoredFile, *, permission: str, on: CompanyScoped | None = None
) -> Download:
    """Open ``stored`` for download when the actor holds ``permission`` (on ``on``, the record
    the file belongs to, or else the file itself); notes the read in the access log (P-G4).
    Another company's file is NotFound, like a missing one."""
    if actor.company is None or stored.company_id != actor.company_id:
        raise policy.NotFound()
    target = on if on is not None else stored
    if not policy.allows(actor, permission, target):
        raise policy.NotFound()
    note_read(actor, stored, purpose="download")
    return Download(file=stored, chunks=storage.read(stored))
