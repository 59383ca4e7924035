"""Reads of the second factor: authenticator rows whose secrets are still stored in the clear.

Authenticator rows written before ``MFA_ADAPTER`` (``identity/factors/mfa_adapter.py``) was set
hold their TOTP secret, recovery-code seed or migrated recovery codes as plain text; allauth
still reads them (the adapter passes non-tokens through). The daily job
``identity.encrypt_mfa_secrets`` finds such rows here and seals them with
``factors.actions.encrypt_mfa_secrets``.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator

from strongroom.identity.factors.mfa_adapter import is_sealed

SECRET_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)
BATCH = 500


def plain_values(data: dict[str, Any]) -> list[str]:
    """The names of the values in an authenticator's data that are not sealed yet."""
    names = [name for name in ("secret", "seed") if name in data and not is_sealed(data[name])]
    codes = data.get("migrated_codes")
    if isinstance(codes, list) and not all(is_sealed(code) for code in codes):
        names.append("migrated_codes")
    return names


def legacy_authenticators(*, after: int = 0, limit: int = BATCH) -> tuple[list[int], int]:
    """Ids of rows with plain secrets among the next ``limit`` rows after id ``after``, and
    the last id looked at (0: nothing left to look at)."""
    rows = list(
        Authenticator.objects.filter(type__in=SECRET_TYPES, pk__gt=after)
        .order_by("pk").values_list("pk", "data")[:limit]
    )
    found = [pk for pk, data in rows if isinstance(data, dict) and plain_values(data)]
    return found, (rows[-1][0] if rows else 0)
