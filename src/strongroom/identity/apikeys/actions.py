"""API key writes: create (the key is returned once) and revoke, audited in the key's company."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from strongroom.identity import security_events
from strongroom.identity.models import ApiKey
from strongroom.identity.permissions import APIKEY_CREATE, APIKEY_REVOKE_ANY
from strongroom.identity.security_events import Tag
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record

if TYPE_CHECKING:
    from strongroom.support.models import SupportGrant

__all__ = ["create_api_key", "revoke_api_key"]


@action
def create_api_key(
    *,
    actor: Actor,
    name: str,
    read_only: bool = False,
    expires_in_days: int | None = None,
    issued_by: str = "",
    support_grant: SupportGrant | None = None,
) -> tuple[ApiKey, str]:
    """A new key for the actor's own account in the actor's company: (record, full key).

    The full key is returned here and never again. The key can do at most what its owner's role
    allows at the moment of each use, and only reads when ``read_only``. A key ``issued_by``
    someone else (the command line) needs the company's live ``support_grant``: it is read-only
    unless the grant is full, ends with the grant at the latest, and is e-mailed about to the
    member and to the grant's grantor at once.
    """
    if actor.company is None or actor.user is None or actor.membership is None:
        raise policy.NotFound()
    policy.require(actor, APIKEY_CREATE, actor.company)
    _not_during_support(actor)
    days = settings.STRONGROOM_API_KEY_DEFAULT_DAYS if expires_in_days is None else expires_in_days
    if not 1 <= days <= settings.STRONGROOM_API_KEY_MAX_DAYS:
        raise ValidationError(
            {"expires_in_days": f"Choose 1 to {settings.STRONGROOM_API_KEY_MAX_DAYS} days."}
        )
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 100:
        raise ValidationError({"name": "Give the key a name of 1 to 100 characters."})
    not_after = None
    if issued_by or support_grant is not None:
        grant = _live_grant(actor, support_grant)
        not_after, read_only = grant.expires_at, read_only or grant.read_only
    key, full_key = ApiKey.objects.issue(
        company=actor.company,
        user=actor.user,
        name=cleaned,
        read_only=read_only,
        lifetime=timedelta(days=days),
        issued_by=issued_by[:200],
        support_grant_id=support_grant.pk if support_grant is not None else None,
        not_after=not_after,
    )
    changes: dict[str, tuple[object, object]] = {
        "key": (None, key.prefix),
        "name": (None, key.name),
        "read_only": (None, read_only),
        "expires_at": (None, key.expires_at.isoformat()),
    }
    if issued_by:
        changes["issued_by"] = (None, key.issued_by)
        changes["support_grant"] = (None, key.support_grant_id)
    record(
        actor=actor, event=AuditEventType.APIKEY_CREATED, obj=key, company_id=key.company_id,
        changes=changes,
    )
    security_events.record(
        actor.user, Tag.APIKEY_CREATED, ip=actor.ip, user_agent=actor.user_agent,
        key=key.prefix, company=actor.company.slug, by=key.issued_by or None,
    )
    told = [key.user]
    if support_grant is not None and support_grant.granted_by_id != key.user_id:
        told.append(support_grant.granted_by)
    mail = {
        "key_prefix": key.prefix, "key_name": key.name, "company_name": key.company.name,
        "owner": key.user, "role": actor.membership.role_label, "read_only": key.read_only,
        "expires_at": key.expires_at, "issued_by": key.issued_by, "grant": support_grant,
        "keys_path": reverse("web:api_keys", kwargs={"slug": key.company.slug}),
    }

    def announce() -> None:
        for person in told:
            security_events.notify(
                person, "account/email/api_key_created", ip=actor.ip,
                user_agent=actor.user_agent, **mail,
            )

    transaction.on_commit(announce)
    return key, full_key


def _live_grant(actor: Actor, grant: SupportGrant | None) -> SupportGrant:
    """The company's live support grant that a key issued for its member needs (P-B4)."""
    if grant is None or grant.company_id != actor.company_id or not grant.is_live():
        raise policy.Forbidden("A key issued for a member needs the company's live support grant.")
    return grant


@action
def revoke_api_key(*, actor: Actor, key: ApiKey) -> ApiKey:
    """Revoke a key at once: one's own, or (admins) any key of the company."""
    own = actor.user is not None and key.user_id == actor.user.pk
    if not own or key.company_id != actor.company_id:
        policy.require(actor, APIKEY_REVOKE_ANY, key)
    _not_during_support(actor)
    locked = ApiKey.objects.select_for_update().get(pk=key.pk)
    if locked.revoked_at is not None:
        raise ValidationError({"key": "This key is already revoked."})
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        event=AuditEventType.APIKEY_REVOKED,
        obj=locked,
        company_id=locked.company_id,
        changes={
            "revoked_at": (None, locked.revoked_at.isoformat()),
            "key": (locked.prefix, locked.prefix),
        },
    )
    security_events.record(
        locked.user, Tag.APIKEY_REVOKED, ip=actor.ip, user_agent=actor.user_agent,
        key=locked.prefix, by=actor.email or actor.name,
    )
    return locked


def _not_during_support(actor: Actor) -> None:
    """API keys are the member's own: support access never creates or revokes them (P-B5)."""
    if actor.support_user is not None:
        raise policy.Forbidden("API keys cannot be changed during support access.")
