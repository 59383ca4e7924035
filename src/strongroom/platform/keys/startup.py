"""The start-up check: a wrong or missing root key stops the application, clearly.

``strongroom serve``, ``strongroom worker`` and the WSGI/ASGI entry points call
:func:`check_key_store` before serving. Each root key version gets a check value in the key
store the first time it is seen; later start-ups unwrap it. A keyring that does not open it,
or that lacks a version company keys are still wrapped under, is refused with a message that
names the variable, never the key.
"""

from __future__ import annotations

import sys

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from strongroom.platform.keys import crypto
from strongroom.platform.keys.errors import DecryptionFailed, KeyStoreUnavailable, RootKeyMissing
from strongroom.platform.keys.models import CompanyKey, RootKeyCheck
from strongroom.platform.keys.root import RootKeyProvider, provider
from strongroom.platform.keys.router import KEYS_DB

GONE = (CompanyKey.State.RETIRED, CompanyKey.State.DESTROYED)


def _context(version: int) -> bytes:
    return b"root-key-check\x00" + str(version).encode()


def check_key_store() -> None:
    """Raise KeyStoreUnavailable unless the root key provider opens this key store."""
    try:
        root = provider()
        versions = root.versions()
    except ImproperlyConfigured as exc:
        raise KeyStoreUnavailable(str(exc)) from None
    try:
        checks = {row.version: row for row in RootKeyCheck.objects.all()}
        in_use = set(
            CompanyKey.objects.exclude(state__in=GONE)
            .values_list("root_version", flat=True).distinct()
        )
    except DatabaseError:
        raise KeyStoreUnavailable(
            "the key store (database 'keys') cannot be read: run 'strongroom migrate', and "
            "check STRONGROOM_KEYS_DATABASE_URL"
        ) from None
    missing = sorted(in_use - set(versions))
    if missing:
        raise KeyStoreUnavailable(
            f"company keys are wrapped under root key version(s) {missing}, which "
            f"{root.description} does not hold: restore the missing version(s)"
        )
    for version in versions:
        row = checks.get(version)
        if row is None:
            record_check(root, version)
        else:
            _verify_check(root, row)


def _verify_check(root: RootKeyProvider, row: RootKeyCheck) -> None:
    try:
        root.unwrap(row.version, bytes(row.wrapped), context=_context(row.version))
    except (DecryptionFailed, RootKeyMissing):
        raise KeyStoreUnavailable(
            f"root key version {row.version} from {root.description} is not the one this key "
            "store was created with: the root key is wrong, or the key store belongs to "
            "another installation"
        ) from None


def record_check(root: RootKeyProvider, version: int) -> None:
    _, wrapped = root.wrap(crypto.new_key(), context=_context(version), version=version)
    try:
        with transaction.atomic(using=KEYS_DB):
            RootKeyCheck.objects.create(version=version, wrapped=wrapped, created_at=timezone.now())
    except IntegrityError:
        pass  # another process recorded it at the same moment


def stop_unless_key_store_opens() -> None:
    """For entry points without a command line of their own (WSGI, ASGI): on failure, print
    one line and exit with gunicorn's "worker failed to boot" status, so nothing is served."""
    try:
        check_key_store()
    except KeyStoreUnavailable as exc:
        sys.stderr.write(f"strongroom: cannot start: {exc}\n")
        sys.stderr.flush()
        raise SystemExit(3) from None
