"""Periodic jobs of files: stored bytes that no file record claims are removed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.files.models import StoredFile
from strongroom.platform.files.storage import file_storage
from strongroom.platform.jobs.registry import periodic

ORPHAN_GRACE = timedelta(hours=1)  # longer than any upload's transaction


def _stored_names(directory: str = "") -> Iterator[str]:
    try:
        subdirectories, names = file_storage().listdir(directory)
    except FileNotFoundError:  # nothing stored yet
        return
    for name in names:
        yield f"{directory}/{name}" if directory else name
    for subdirectory in subdirectories:
        yield from _stored_names(f"{directory}/{subdirectory}" if directory else subdirectory)


@periodic(name="files.sweep_orphans", every=timedelta(hours=6))
def sweep_orphans(actor: Actor) -> str:
    """Delete stored bytes with no file record (left by an upload whose transaction failed)."""
    storage = file_storage()
    horizon = timezone.now() - ORPHAN_GRACE
    removed = 0
    names = list(_stored_names())
    for start in range(0, len(names), 500):
        batch = names[start : start + 500]
        known = set(
            StoredFile.objects.filter(storage_name__in=batch).values_list("storage_name", flat=True)
        )
        for name in batch:
            if name not in known and storage.get_modified_time(name) < horizon:
                storage.delete(name)
                removed += 1
    return f"removed {removed} orphaned file(s)"
