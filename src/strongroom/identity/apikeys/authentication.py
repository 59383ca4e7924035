"""Turning a presented API key into its ApiKey record, or nothing (P-A3), and the API's
bearer auth class that does it."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, FilteredRelation, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from strongroom.identity.apikeys import secrets as apikey_secrets
from strongroom.identity.models import ApiKey
from strongroom.platform.tenancy.middleware import client_ip

LAST_USED_EVERY = timedelta(minutes=1)


def authenticate_api_key(presented: str, *, ip: str | None) -> ApiKey | None:
    """The usable key matching ``presented``, or None for a malformed, unknown, wrong, revoked
    or expired key, one issued under a support grant that has ended, or one whose owner is
    inactive, an operator or no longer a member."""
    parsed = apikey_secrets.parse(presented)
    if parsed is None:
        return None
    key_id, secret = parsed
    key = _with_owner_membership().filter(key_id=key_id).first()
    if key is None or not apikey_secrets.matches(
        secret, stored_digest=key.digest, stored_pepper_id=key.pepper_id
    ):
        return None
    if not key.is_usable() or not key.user.is_active or key.user.is_operator:
        return None
    membership = getattr(key, "owner_membership", None)
    if membership is not None:  # the same rows as the key's, so no lookup on first use
        membership.user, membership.company = key.user, key.company
    _note_use(key, secret, ip)
    return key


def _with_owner_membership() -> QuerySet[ApiKey]:
    """Keys with all a request needs in one statement: the owner, the company, the support
    grant, and as ``owner_membership`` the owner's membership in the key's company (active or
    not, with its custom role), or None. Read afresh on every request, so a revocation, role
    change, deactivation or removal holds from the next request on, on every instance."""
    membership = FilteredRelation(
        "user__memberships", condition=Q(user__memberships__company=F("company"))
    )
    keys = ApiKey.objects.annotate(owner_membership=membership)
    # django-stubs knows only model fields here, not a FilteredRelation's alias.
    return keys.select_related(  # type: ignore[misc]
        "user", "company", "support_grant", "owner_membership", "owner_membership__custom_role"
    )


def _note_use(key: ApiKey, secret: str, ip: str | None) -> None:
    """Record when and from where the key was last used (at most once a minute), and move a
    key hashed with the previous pepper to the current one."""
    now = timezone.now()
    fields: dict[str, object] = {}
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_EVERY:
        fields.update(last_used_at=now, last_used_ip=ip)
    current = apikey_secrets.current_pepper_id()
    if key.pepper_id != current:
        fields.update(digest=apikey_secrets.digest(secret), pepper_id=current)
    if fields:
        ApiKey.objects.filter(pk=key.pk).update(**fields)
        for name, value in fields.items():
            setattr(key, name, value)


class ApiKeyAuth(HttpBearer):
    """``Authorization: Bearer sr_live_...``. Anything wrong with the key is a plain 401."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return authenticate_api_key(token, ip=client_ip(request))
