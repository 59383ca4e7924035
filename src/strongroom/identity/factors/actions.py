"""Second-factor writes: one's own e-mail and SMS code factors (P-A1), and sealing secrets
stored in the clear before encryption at rest (P-A1, P-C2).

Code factors are account writes, not company writes: the actor is the account holder acting on
their own account (no company), checked by identity rather than by a company permission, and
the history entry lives in the platform chain. Phone numbers appear in history masked.

Sealing is the daily job ``identity.encrypt_mfa_secrets``'s write (rows found by
``factors.selectors.legacy_authenticators``): one history entry per row naming which values
were sealed, never the values. Idempotent: a sealed row is skipped.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from strongroom.identity import security_events
from strongroom.identity.factors import sms
from strongroom.identity.factors.mfa_adapter import is_sealed, seal_secret
from strongroom.identity.factors.selectors import SECRET_TYPES, plain_values
from strongroom.identity.models import CodeChannel
from strongroom.identity.models.factors import mask_phone
from strongroom.identity.permissions import MFA_SECRETS_ENCRYPT
from strongroom.identity.security_events import Tag
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.accounts.models import User
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record

OPERATORS_USE_STRONG_FACTORS = (
    "Operator accounts sign in with an authenticator app or a passkey; "
    "e-mail and SMS codes are not offered to them."
)


def _own_account(actor: Actor) -> User:
    """Only the account holder changes their factors; anyone else finds nothing."""
    if actor.user is None or actor.company is not None:
        raise policy.NotFound()
    return actor.user


@action
def add_code_channel(*, actor: Actor, kind: str, phone: str = "") -> CodeChannel:
    """Turn on e-mail or SMS codes for the actor's account (after the caller has checked a
    code sent there), replacing a previous number."""
    user = _own_account(actor)
    if user.is_operator:
        raise ValidationError({"kind": OPERATORS_USE_STRONG_FACTORS})
    if kind not in CodeChannel.Kind.values:
        raise ValidationError({"kind": "Choose e-mail or SMS."})
    number = ""
    if kind == CodeChannel.Kind.SMS:
        try:
            number = sms.normalise_number(phone)
        except ValueError as exc:
            raise ValidationError({"phone": str(exc)}) from None
    channel, created = CodeChannel.objects.select_for_update().get_or_create(
        user=user, kind=kind, defaults={"phone": number}
    )
    old = "" if created else mask_phone(channel.phone)
    if not created:
        channel.phone = number
        channel.created_at = timezone.now()  # voids browsers trusted before the change
        channel.save(update_fields=["phone", "created_at"])
    record(
        actor=actor, event=AuditEventType.CODE_CHANNEL_ADDED, obj=channel, company_id=None,
        changes={"kind": (None, kind), "phone": (old or None, mask_phone(number) or None)},
    )
    security_events.record(
        user, Tag.SECOND_FACTOR_ADDED, ip=actor.ip, user_agent=actor.user_agent, type=kind,
    )
    transaction.on_commit(
        lambda: security_events.notify(
            user, "identity/email/code_factor_added", ip=actor.ip, user_agent=actor.user_agent,
            kind_label=CodeChannel.Kind(kind).label, destination=channel.destination,
        )
    )
    return channel


@action
def remove_code_channel(*, actor: Actor, kind: str) -> None:
    """Turn off e-mail or SMS codes for the actor's account."""
    user = _own_account(actor)
    channel = CodeChannel.objects.select_for_update().filter(user=user, kind=kind).first()
    if channel is None:
        raise policy.NotFound()
    record(
        actor=actor, event=AuditEventType.CODE_CHANNEL_REMOVED, obj=channel, company_id=None,
        changes={"kind": (kind, None), "phone": (mask_phone(channel.phone) or None, None)},
    )
    channel.delete()
    security_events.record(
        user, Tag.SECOND_FACTOR_REMOVED, ip=actor.ip, user_agent=actor.user_agent, type=kind,
    )
    transaction.on_commit(
        lambda: security_events.notify(
            user, "identity/email/code_factor_removed", ip=actor.ip,
            user_agent=actor.user_agent, kind_label=CodeChannel.Kind(kind).label,
        )
    )


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
