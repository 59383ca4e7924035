"""Reads of API keys: one's own, the company's, and one key to act on."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from strongroom.identity.models import ApiKey
from strongroom.identity.permissions import APIKEY_VIEW_ANY
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_reads
from strongroom.platform.tenancy.selectors import memberships_named


def own_api_keys(actor: Actor) -> QuerySet[ApiKey]:
    """The actor's own keys in the actor's company."""
    if actor.company is None or actor.user is None:
        return ApiKey.objects.none()
    return ApiKey.objects.filter(company=actor.company, user=actor.user).select_related(
        "support_grant"
    )


def company_api_keys(actor: Actor) -> QuerySet[ApiKey]:
    """Every key of the company, with owners (apikey.view_any), else none."""
    keys = ApiKey.objects.select_related("user", "support_grant")
    return policy.restrict(actor, keys, APIKEY_VIEW_ANY)


def note_key_owners(actor: Actor, keys: Iterable[ApiKey]) -> None:
    """Note in the access log the members whose keys a list shows (by e-mail address)."""
    user_ids = {key.user_id for key in keys}
    note_reads(actor, memberships_named(actor, user_ids=user_ids, membership_ids=set()))


def api_key(actor: Actor, key_pk: int) -> ApiKey:
    """One key the actor may act on: their own, or any of the company's for admins/auditors."""
    own = own_api_keys(actor).filter(pk=key_pk).first()
    if own is not None:
        return own
    return policy.get_for_actor(
        actor, ApiKey.objects.select_related("user", "support_grant"), APIKEY_VIEW_ANY, pk=key_pk
    )
