"""Rotation steps (P-C3): each a short, audited action on the key store.

A rotation adds a key version and then *rewraps* what the old version wrapped: the wrapped key
is opened with the old version and sealed again with the new one, in batches. Data is never
decrypted or re-encrypted. Each step locks the rows it changes in the key store (alias
``keys``), re-reads them under the lock and is a no-op for rows another run already did, so
concurrent or repeated runs converge; ``rotation_runs.py`` chains the steps and resumes.

Audit: root key steps go to the platform chain, a company's steps to that company's chain,
and the steps of the platform scope's key (``scope.PLATFORM_SCOPE``) to the platform chain.
The key-store change and the history entry are written together: the entry is recorded inside
the key-store transaction, so a failure to record rolls the key change back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connections, transaction
from django.db.models import Max, Model
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.keys import cache, crypto, store
from strongroom.platform.keys.errors import KeyDestroyed, RotationRefused
from strongroom.platform.keys.models import (
    CompanyKey,
    DataKeyset,
    DataKeyVersion,
    Purpose,
    RootKeyCheck,
)
from strongroom.platform.keys.permissions import KEYS_ROTATE
from strongroom.platform.keys.root import provider
from strongroom.platform.keys.router import KEYS_DB
from strongroom.platform.keys.scope import audit_company_id
from strongroom.platform.keys.startup import record_check

BATCH = 1000
GONE = (CompanyKey.State.RETIRED, CompanyKey.State.DESTROYED)


def check_row(version: int) -> RootKeyCheck:
    """The check row of a root version (written now if this is its first sighting)."""
    row = RootKeyCheck.objects.filter(version=version).first()
    if row is None:
        record_check(provider(), version)
        row = RootKeyCheck.objects.get(version=version)
    return row


@action
def add_root_key_version(*, actor: Actor, expected_current: int) -> int:
    """Add a root key version unless one was added since the caller saw ``expected_current``
    (two concurrent rotations add one version). Returns the current version."""
    policy.require(actor, KEYS_ROTATE)
    root = provider()
    if not root.can_add_versions:
        raise RotationRefused(
            f"{root.description} cannot be changed by Strongroom: add a new version "
            "'<version>:<key>' (strongroom keys generate-root-key prints a key) on every "
            "instance, restart them, then run strongroom keys rotate --root to rewrap"
        )
    check_row(expected_current)
    with transaction.atomic(using=KEYS_DB):
        list(RootKeyCheck.objects.select_for_update().filter(version=expected_current))
        root.refresh()
        if root.current_version() != expected_current:
            return root.current_version()  # another run added one meanwhile
        version = root.add_version()
        record_check(root, version)
        record(
            actor=actor, event=AuditEventType.KEY_ROOT_VERSION_ADDED,
            obj=RootKeyCheck.objects.get(version=version), company_id=None,
            extra={"version": version, "previous": expected_current},
        )
    return version


@action
def rewrap_company_keys(*, actor: Actor, to_version: int, limit: int = BATCH) -> int:
    """Rewrap up to ``limit`` company keys under root version ``to_version``; how many."""
    policy.require(actor, KEYS_ROTATE)
    root = provider()
    with transaction.atomic(using=KEYS_DB):
        rows = list(
            CompanyKey.objects.select_for_update().exclude(state__in=GONE)
            .exclude(root_version=to_version).order_by("id")[:limit]
        )
        for row in rows:
            context = crypto.company_key_context(row.company_id, row.version)
            material = root.unwrap(row.root_version, bytes(row.wrapped), context=context)
            row.root_version, row.wrapped = root.wrap(material, context=context, version=to_version)
        CompanyKey.objects.bulk_update(rows, ["root_version", "wrapped"])
        if rows:
            record(
                actor=actor, event=AuditEventType.KEY_ROOT_REWRAPPED,
                obj=check_row(to_version), company_id=None,
                extra={"version": to_version, "company_keys": len(rows)},
            )
    return len(rows)


@action
def retire_root_key_version(*, actor: Actor, version: int) -> str:
    """Remove a root version once no company key is wrapped under it; what was done."""
    policy.require(actor, KEYS_ROTATE)
    root = provider()
    root.refresh()
    if version not in root.versions():
        raise RotationRefused(f"root key version {version} is not in {root.description}")
    if version == root.current_version():
        raise RotationRefused(f"root key version {version} is the current one: rotate first")
    with transaction.atomic(using=KEYS_DB):
        check = check_row(version)
        in_use = CompanyKey.objects.exclude(state__in=GONE).filter(root_version=version).count()
        if in_use:
            raise RotationRefused(
                f"{in_use} company key(s) are still wrapped under root key version {version}: "
                "run strongroom keys rotate --root first"
            )
        record(
            actor=actor, event=AuditEventType.KEY_ROOT_VERSION_RETIRED, obj=check,
            company_id=None, extra={"version": version},
        )
        check.delete()
        if root.can_add_versions:
            root.remove_version(version)
            return f"root key version {version} removed from {root.description}"
    return (
        f"nothing is wrapped under root key version {version} any more: remove it from "
        f"{root.description} on every instance"
    )


@action
def report_root_overdue(*, actor: Actor, version: int, age_days: int) -> None:
    """Alert: the root key is older than its rotation period and cannot be rotated here."""
    policy.require(actor, KEYS_ROTATE)
    record(
        actor=actor, event=AuditEventType.KEY_ROOT_ROTATION_OVERDUE, obj=check_row(version),
        company_id=None, extra={"version": version, "age_days": age_days},
    )


@action
def rotate_company_key(*, actor: Actor, company_id: int) -> CompanyKey | None:
    """Make a new company key version active, the old one decrypt-only. A rotation still in
    progress (a decrypt-only version left) is not started again. None: the company has no key."""
    policy.require(actor, KEYS_ROTATE)
    with transaction.atomic(using=KEYS_DB):
        rows = list(CompanyKey.objects.select_for_update().filter(company_id=company_id))
        if any(row.state == CompanyKey.State.DESTROYED for row in rows):
            raise KeyDestroyed(f"the keys of company {company_id} have been destroyed")
        active = next((row for row in rows if row.state == CompanyKey.State.ACTIVE), None)
        if active is None or any(row.state == CompanyKey.State.DECRYPT_ONLY for row in rows):
            return active
        active.state = CompanyKey.State.DECRYPT_ONLY
        active.rotated_at = timezone.now()
        active.save(update_fields=["state", "rotated_at"])
        new = store.new_company_key(company_id, version=max(row.version for row in rows) + 1)
        record(
            actor=actor, event=AuditEventType.KEY_COMPANY_ROTATED, obj=new,
            company_id=audit_company_id(company_id),
            extra={"version": new.version, "previous": active.version},
        )
    return new


@action
def rotate_data_keys(
    *, actor: Actor, company_id: int, older_than: datetime, limit: int = BATCH
) -> int:
    """Give up to ``limit`` of the company's data keys whose newest version was made before
    ``older_than`` a new version under the active company key; how many. Old versions stay
    for decryption. The blind-index key keeps its one version (a new one would make every
    stored index and search token unfindable); company rotations rewrap it like every key."""
    policy.require(actor, KEYS_ROTATE)
    candidates = list(
        DataKeyset.objects.filter(company_id=company_id, destroyed_at__isnull=True)
        .exclude(purpose=Purpose.INDEX)
        .annotate(newest=Max("versions__created_at")).filter(newest__lt=older_than)
        .order_by("key_id").values_list("key_id", flat=True)[:limit]
    )
    if not candidates:
        return 0
    with transaction.atomic(using=KEYS_DB):
        company_key = store.active_company_key(company_id, lock=True)
        keysets = list(
            DataKeyset.objects.select_for_update()
            .filter(key_id__in=candidates, destroyed_at__isnull=True).order_by("key_id")
        )
        newest = {
            key_id: (version, at)
            for key_id, version, at in DataKeyVersion.objects.filter(keyset__in=keysets)
            .values("keyset_id").annotate(v=Max("version"), at=Max("created_at"))
            .values_list("keyset_id", "v", "at")
        }
        done = 0
        for keyset in keysets:
            version, at = newest.get(keyset.key_id, (0, older_than))
            if at >= older_than:
                continue  # another run rotated it meanwhile
            store.add_version(keyset, version=version + 1, company_key=company_key)
            done += 1
        if done:
            record(
                actor=actor, event=AuditEventType.KEY_DATA_KEYS_ROTATED, obj=company_key,
                company_id=audit_company_id(company_id), extra={"data_keys": done},
            )
    cache.current_keys.clear()  # this process encrypts under the new versions at once
    return done


@action
def rewrap_data_keys(
    *, actor: Actor, company_id: int, from_version: int, limit: int = BATCH
) -> int:
    """Rewrap up to ``limit`` data key versions of the company from company key version
    ``from_version`` to the active one; how many."""
    policy.require(actor, KEYS_ROTATE)
    with transaction.atomic(using=KEYS_DB):
        target = store.active_company_key(company_id)
        if target.version == from_version:
            raise RotationRefused(f"company {company_id} key v{from_version} is still active")
        rows = list(
            DataKeyVersion.objects.select_for_update(of=("self",))
            .filter(keyset__company_id=company_id, company_key_version=from_version)
            .order_by("id").values_list("id", "keyset_id", "version", "wrapped", "destroyed_at")
            [:limit]
        )
        old = store.company_aead(company_id, from_version)
        new = store.company_aead(company_id, target.version)
        if old is None or new is None:
            raise KeyDestroyed(f"the keys of company {company_id} have been destroyed")
        updates = []
        for pk, key_id, version, wrapped, destroyed_at in rows:
            blob = bytes(wrapped)
            if blob and destroyed_at is None:
                context = crypto.data_key_context(company_id, key_id, version)
                blob = crypto.wrap(new, crypto.unwrap(old, blob, context), context)
            updates.append((blob, target.version, pk))
        _update_many(DataKeyVersion, ["wrapped", "company_key_version"], updates)
        if rows:
            record(
                actor=actor, event=AuditEventType.KEY_DATA_KEYS_REWRAPPED, obj=target,
                company_id=audit_company_id(company_id),
                extra={"from": from_version, "to": target.version, "data_keys": len(rows)},
            )
    return len(rows)


def _update_many(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """One UPDATE per row by primary key, sent as a batch (faster than ``bulk_update``'s
    CASE expressions for thousands of rows). Each row: the new values of ``columns``, then
    the primary key."""
    if not rows:
        return
    connection = connections[KEYS_DB]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608 (names from the model)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@action
def retire_company_key(*, actor: Actor, company_id: int, version: int) -> CompanyKey:
    """Retire a decrypt-only company key version once no data key is wrapped under it: its
    material is erased. RotationRefused while anything still needs it."""
    policy.require(actor, KEYS_ROTATE)
    with transaction.atomic(using=KEYS_DB):
        row = CompanyKey.objects.select_for_update().filter(
            company_id=company_id, version=version
        ).first()
        if row is None or row.state != CompanyKey.State.DECRYPT_ONLY:
            raise RotationRefused(f"company {company_id} key v{version} is not decrypt-only")
        left = DataKeyVersion.objects.filter(
            keyset__company_id=company_id, company_key_version=version
        ).count()
        if left:
            raise RotationRefused(
                f"{left} data key version(s) are still wrapped under company {company_id} key "
                f"v{version}: run strongroom keys rotate again to finish rewrapping"
            )
        row.state = CompanyKey.State.RETIRED
        row.wrapped = b""
        row.retired_at = timezone.now()
        row.save(update_fields=["state", "wrapped", "retired_at"])
        record(
            actor=actor, event=AuditEventType.KEY_COMPANY_RETIRED, obj=row,
            company_id=audit_company_id(company_id), extra={"version": version},
        )
    cache.company_keys.discard((company_id, version))
    store.scrub()
    return row
