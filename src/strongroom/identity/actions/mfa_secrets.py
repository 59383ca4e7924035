"""Sealing second-factor secrets stored in the clear before encryption at rest (P-A1, P-C2).

Authenticator rows written before ``MFA_ADAPTER`` (``identity/mfa_adapter.py``) was set hold
their TOTP secret, recovery-code seed or migrated recovery codes as plain text; allauth still
reads them (the adapter passes non-tokens through). The daily job
``identity.encrypt_mfa_secrets`` finds such rows and seals them here, one history entry per
row naming which values were sealed, never the values. Idempotent: a sealed row is skipped.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator

from strongroom.identity.mfa_adapter import is_sealed, seal_secret
from strongroom.identity.permissions import MFA_SECRETS_ENCRYPT
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record

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


@action
def encrypt_mfa_secrets(*, actor: Actor, authenticator_ids: list[int]) -> int:
    """Seal the plain secrets of these authenticators (re-read under a row lock, so that a
    recovery code used meanwhile is not lost); how many rows changed."""
    policy.require(actor, MFA_SECRETS_ENCRYPT)
    changed = 0
    rows = Authenticator.objects.select_for_update().filter(
        pk__in=authenticator_ids, type__in=SECRET_TYPES
    ).order_by("pk")
    for row in rows:
        names = plain_values(row.data)
        if not names:
            continue  # sealed meanwhile
        for name in names:
            if name == "migrated_codes":
                row.data[name] = [
                    code if is_sealed(code) else seal_secret(code) for code in row.data[name]
                ]
            else:
                row.data[name] = seal_secret(row.data[name])
        row.save(update_fields=["data"])
        record(
            actor=actor, event=AuditEventType.MFA_SECRETS_ENCRYPTED, obj=row, company_id=None,
            extra={"user_id": row.user_id, "type": row.type, "sealed": names},
        )
        changed += 1
    return changed
