"""The key store: find, create and unwrap keys (platform/keys/models.py has the hierarchy).

Keys are created when first needed: a company's key with its first encrypted value, a
person's data key with the first value about them. Creation commits in the key store at once,
independently of the records transaction that asked for it (an unused key is harmless; a
record pointing at an uncommitted key would not be).

A new data key is wrapped under the company key that is active at that moment, read under a
row lock, so that a rotation (which first turns the old company key decrypt-only, under the
same lock) can rewrap every data key and then retire the old version without missing one.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from strongroom.platform.keys import cache, crypto
from strongroom.platform.keys.errors import (
    DecryptionFailed,
    KeyDestroyed,
    KeyNotFound,
    KeyRetired,
    RootKeyMissing,
)
from strongroom.platform.keys.models import CompanyKey, DataKeyset, DataKeyVersion, Purpose
from strongroom.platform.keys.root import provider
from strongroom.platform.keys.router import KEYS_DB

LOAD_BATCH = 500


@dataclass(frozen=True)
class DataKey:
    """An unwrapped data key version."""

    key_id: int
    version: int
    company_id: int
    material: bytes
    aead: AESGCM


class _Destroyed:
    """Cache marker: the key existed and was destroyed."""

    def __init__(self, company_id: int) -> None:
        self.company_id = company_id


def encryption_key(company_id: int, purpose: str, subject: str = "") -> DataKey:
    """The key new values of (company, purpose, subject) are encrypted under; KeyDestroyed
    once that key (or the company's) has been destroyed."""
    slot = (company_id, purpose, subject)
    current = cache.current_keys.get(slot)
    if current is not None:
        return current
    keyset = DataKeyset.objects.filter(
        company_id=company_id, purpose=purpose, subject=subject
    ).first()
    row = None  # the newest version: the one just created, else read below
    if keyset is None:
        keyset, row = _create_keyset(company_id, purpose, subject)
    if keyset.destroyed_at is not None:
        raise KeyDestroyed(f"the {purpose} key {keyset.key_id:016x} has been destroyed")
    if row is None:
        row = keyset.versions.order_by("-version").first()
    if row is None or row.destroyed_at is not None:
        raise KeyDestroyed(f"the {purpose} key {keyset.key_id:016x} has no usable version")
    key = _unwrap_rows([row], {keyset.key_id: keyset})[0]
    if not isinstance(key, DataKey):
        raise KeyDestroyed(f"the {purpose} key {keyset.key_id:016x} has been destroyed")
    cache.current_keys.put(slot, key)
    return key


def decryption_key(key_id: int, version: int, *, company_id: int) -> DataKey | None:
    """The key a ciphertext names; None if it was destroyed. KeyNotFound if the key store
    never held it; DecryptionFailed if it belongs to another company."""
    found = cache.data_keys.get((key_id, version))
    if found is None:
        _load({(key_id, version)} | cache.take_pending())
        found = cache.data_keys.get((key_id, version))
        if found is None:
            found = _uncached(key_id, version)
    if found.company_id != company_id:
        raise DecryptionFailed("encrypted value belongs to another company")
    return found if isinstance(found, DataKey) else None


def _uncached(key_id: int, version: int) -> DataKey | _Destroyed:
    """Load one key without the cache (a lifetime of 0 disables it)."""
    rows = list(
        DataKeyVersion.objects.filter(keyset_id=key_id, version=version).select_related("keyset")
    )
    if not rows:
        raise KeyNotFound(f"data key {key_id:016x} v{version} is not in the key store")
    return _unwrap_rows(rows, {key_id: rows[0].keyset})[0]


def _load(refs: Iterable[tuple[int, int]]) -> None:
    """Unwrap the given key versions into the cache, a few queries for any number."""
    wanted = sorted({key_id for key_id, _ in refs})
    for start in range(0, len(wanted), LOAD_BATCH):
        rows = list(
            DataKeyVersion.objects.filter(keyset_id__in=wanted[start: start + LOAD_BATCH])
            .select_related("keyset")
        )
        _unwrap_rows(rows, {row.keyset_id: row.keyset for row in rows})


def _unwrap_rows(
    rows: list[DataKeyVersion], keysets: dict[int, DataKeyset]
) -> list[DataKey | _Destroyed]:
    """Unwrap data key rows (caching each); destroyed ones become markers."""
    needed = {
        (keysets[row.keyset_id].company_id, row.company_key_version)
        for row in rows
        if row.destroyed_at is None and keysets[row.keyset_id].destroyed_at is None
    }
    _load_company_keys(needed)
    result: list[DataKey | _Destroyed] = []
    for row in rows:
        keyset = keysets[row.keyset_id]
        company_id = keyset.company_id
        entry: DataKey | _Destroyed
        kek = None
        if row.destroyed_at is None and keyset.destroyed_at is None:
            try:
                kek = company_aead(company_id, row.company_key_version)
            except KeyRetired:  # rewrapped and retired since the row was read: read it again
                row = DataKeyVersion.objects.get(pk=row.pk)
                kek = company_aead(company_id, row.company_key_version)
        if kek is None:
            entry = _Destroyed(company_id)
        else:
            material = crypto.unwrap(
                kek, bytes(row.wrapped),
                crypto.data_key_context(company_id, keyset.key_id, row.version),
            )
            entry = DataKey(keyset.key_id, row.version, company_id, material, AESGCM(material))
        cache.data_keys.put((keyset.key_id, row.version), entry)
        result.append(entry)
    return result


def _load_company_keys(needed: set[tuple[int, int]]) -> None:
    missing = {slot for slot in needed if slot not in cache.company_keys}
    if not missing:
        return
    companies = {company_id for company_id, _ in missing}
    versions = {version for _, version in missing}
    for row in CompanyKey.objects.filter(company_id__in=companies, version__in=versions):
        if (row.company_id, row.version) in missing:
            _unwrap_company_key(row)


def company_aead(company_id: int, version: int) -> AESGCM | None:
    """A company key version, unwrapped (None once retired or destroyed)."""
    cached = cache.company_keys.get((company_id, version))
    if cached is not None:
        return cached
    row = CompanyKey.objects.filter(company_id=company_id, version=version).first()
    if row is None:
        raise KeyNotFound(f"company {company_id} key v{version} is not in the key store")
    return _unwrap_company_key(row)


def _unwrap_company_key(row: CompanyKey) -> AESGCM | None:
    if row.state == CompanyKey.State.DESTROYED:
        return None
    if row.state == CompanyKey.State.RETIRED or not row.wrapped:
        raise KeyRetired(f"company {row.company_id} key v{row.version} was retired")
    context = crypto.company_key_context(row.company_id, row.version)
    try:
        material = provider().unwrap(row.root_version, bytes(row.wrapped), context=context)
    except RootKeyMissing:  # rewrapped under a newer root version since it was read?
        fresh = CompanyKey.objects.get(pk=row.pk)
        if fresh.root_version == row.root_version:
            raise
        return _unwrap_company_key(fresh)
    aead = AESGCM(material)
    cache.company_keys.put((row.company_id, row.version), aead)
    return aead


def active_company_key(company_id: int, *, lock: bool = False) -> CompanyKey:
    """The company's active key row (created on first use); KeyDestroyed after termination.
    With ``lock``, the row stays locked until the caller's key-store transaction ends."""
    rows = CompanyKey.objects.filter(company_id=company_id, state=CompanyKey.State.ACTIVE)
    row = (rows.select_for_update() if lock else rows).first()
    if row is not None:
        return row
    if CompanyKey.objects.filter(company_id=company_id, state=CompanyKey.State.DESTROYED).exists():
        raise KeyDestroyed(f"the keys of company {company_id} have been destroyed")
    try:
        with transaction.atomic(using=KEYS_DB):
            new_company_key(company_id, version=1)
    except IntegrityError:
        pass  # another process created it first
    row = (rows.select_for_update() if lock else rows).first()
    if row is None:
        raise KeyDestroyed(f"company {company_id} has no active key")
    return row


def new_company_key(company_id: int, *, version: int) -> CompanyKey:
    """Create and store a company key version, wrapped under the current root version."""
    material = crypto.new_key()
    root_version, wrapped = provider().wrap(
        material, context=crypto.company_key_context(company_id, version)
    )
    row = CompanyKey.objects.create(
        company_id=company_id, version=version, wrapped=wrapped, root_version=root_version,
        created_at=timezone.now(),
    )
    cache.company_keys.put((company_id, version), AESGCM(material))
    return row


def _create_keyset(
    company_id: int, purpose: str, subject: str
) -> tuple[DataKeyset, DataKeyVersion | None]:
    """Create a data key with its version 1 under the active company key, or find the one
    another process created at the same moment (its version then still to be read)."""
    try:
        with transaction.atomic(using=KEYS_DB):
            company_key = active_company_key(company_id, lock=True)
            keyset = DataKeyset.objects.create(
                key_id=secrets.randbits(63) or 1, company_id=company_id, purpose=purpose,
                subject=subject, created_at=timezone.now(),
            )
            return keyset, add_version(keyset, version=1, company_key=company_key)
    except IntegrityError:
        found = DataKeyset.objects.get(company_id=company_id, purpose=purpose, subject=subject)
        return found, None


def add_version(keyset: DataKeyset, *, version: int, company_key: CompanyKey) -> DataKeyVersion:
    """Store a new version of ``keyset``, wrapped under ``company_key`` (locked by the caller)."""
    if company_key.state != CompanyKey.State.ACTIVE:
        raise KeyNotFound(f"company {keyset.company_id} key v{company_key.version} is not active")
    kek = company_aead(keyset.company_id, company_key.version)
    if kek is None:
        raise KeyDestroyed(f"company {keyset.company_id} key v{company_key.version} is gone")
    material = crypto.new_key()
    return DataKeyVersion.objects.create(
        keyset=keyset, version=version, company_key_version=company_key.version,
        wrapped=crypto.wrap(
            kek, material, crypto.data_key_context(keyset.company_id, keyset.key_id, version)
        ),
        created_at=timezone.now(),
    )


def destroy_keyset(company_id: int, purpose: str, subject: str = "") -> DataKeyset:
    """Destroy a data key: every version's material is overwritten and dropped, the row stays
    as a tombstone (its values read as erased, and no new value is encrypted under it). A
    key that never existed gets a tombstone too, so the subject stays erased."""
    now = timezone.now()
    with transaction.atomic(using=KEYS_DB):
        keyset = (
            DataKeyset.objects.select_for_update()
            .filter(company_id=company_id, purpose=purpose, subject=subject).first()
        )
        if keyset is None:
            keyset = DataKeyset.objects.create(
                key_id=secrets.randbits(63) or 1, company_id=company_id, purpose=purpose,
                subject=subject, created_at=now, destroyed_at=now,
            )
        elif keyset.destroyed_at is None:
            keyset.destroyed_at = now
            keyset.save(update_fields=["destroyed_at"])
        keyset.versions.filter(destroyed_at__isnull=True).update(wrapped=b"", destroyed_at=now)
    forget([keyset.key_id])
    scrub()
    return keyset


def scrub() -> None:
    """Push destroyed material out of the key store's files where the database allows it:
    SQLite (with secure_delete on) zeroes freed space, and its write-ahead log is emptied."""
    connection = connections[KEYS_DB]
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def subject_keyset(company_id: int, subject: str) -> DataKeyset | None:
    """The data key of one person, if there is one."""
    return DataKeyset.objects.filter(
        company_id=company_id, purpose=Purpose.SUBJECT, subject=subject
    ).first()


def forget(key_ids: Iterable[int], *, company_id: int | None = None) -> None:
    """Drop keys from this process's cache (after destroying or rotating them)."""
    ids = set(key_ids)
    cache.data_keys.discard_where(lambda ref: ref[0] in ids)
    cache.current_keys.clear()
    if company_id is not None:
        cache.company_keys.discard_where(lambda slot: slot[0] == company_id)
