"""Destroying every key of a company (P-C4): the key store's side of terminating it.

Every version of the company key and every data key (persons', the company's data key, the
blind-index key) loses its material; the rows stay as tombstones with their ids, versions and
dates, so that ciphertexts read as erased rather than unknown and the termination certificate
can list what was destroyed. A company that never had a key gets a destroyed tombstone, so no
key can be created for it afterwards. Running it again is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from strongroom.platform.keys import store
from strongroom.platform.keys.models import CompanyKey, DataKeyset, DataKeyVersion
from strongroom.platform.keys.router import KEYS_DB
from strongroom.platform.keys.scope import is_platform


@dataclass(frozen=True)
class DestroyedKeys:
    """What a company's key store holds after termination: tombstones only."""

    company_keys: list[dict[str, Any]]
    data_keys: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"company_keys": self.company_keys, "data_keys": self.data_keys}


def destroy_company_keys(company_id: int) -> DestroyedKeys:
    """Destroy every key of ``company_id``; returns every key it had, each now destroyed.
    Refused for the platform scope, whose key no company termination may touch."""
    if is_platform(company_id):
        raise ValueError("the platform key scope belongs to no company and is never destroyed")
    now = timezone.now()
    with transaction.atomic(using=KEYS_DB):
        company_keys = list(
            CompanyKey.objects.select_for_update().filter(company_id=company_id).order_by("version")
        )
        if not company_keys:
            company_keys = [CompanyKey.objects.create(
                company_id=company_id, version=1, state=CompanyKey.State.DESTROYED, wrapped=b"",
                root_version=0, created_at=now, retired_at=now,
            )]
        for row in company_keys:
            if row.state != CompanyKey.State.DESTROYED:
                row.state, row.wrapped = CompanyKey.State.DESTROYED, b""
                row.retired_at = row.retired_at or now
                row.save(update_fields=["state", "wrapped", "retired_at"])
        keysets = list(DataKeyset.objects.select_for_update().filter(company_id=company_id))
        DataKeyset.objects.filter(company_id=company_id, destroyed_at__isnull=True).update(
            destroyed_at=now
        )
        DataKeyVersion.objects.filter(
            keyset__company_id=company_id, destroyed_at__isnull=True
        ).update(wrapped=b"", destroyed_at=now)
        versions: dict[int, list[int]] = {}
        for keyset_id, version in DataKeyVersion.objects.filter(
            keyset__company_id=company_id
        ).values_list("keyset_id", "version"):
            versions.setdefault(keyset_id, []).append(version)
    store.forget([keyset.key_id for keyset in keysets], company_id=company_id)
    store.scrub()
    return DestroyedKeys(
        company_keys=[
            {"version": row.version, "created_at": _at(row.created_at),
             "destroyed_at": _at(row.retired_at or now)}
            for row in company_keys
        ],
        data_keys=[
            {"key_id": f"{keyset.key_id:016x}", "purpose": keyset.purpose,
             "versions": sorted(versions.get(keyset.key_id, [])),
             "created_at": _at(keyset.created_at),
             "destroyed_at": _at(keyset.destroyed_at or now)}
            for keyset in sorted(keysets, key=lambda k: (k.purpose, k.key_id))
        ],
    )


def _at(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")
