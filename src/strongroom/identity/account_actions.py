"""Operator actions on whole accounts: deactivate, reactivate, reset second factors (P-A6).

Each ends every session of the account at once and is audited (platform event) and recorded as
a security event the account holder sees.
"""

from __future__ import annotations

from importlib import import_module

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from strongroom.identity import security_events
from strongroom.identity.security_events import Tag
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_COMPANIES
from strongroom.platform.accounts.models import User
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record

__all__ = ["deactivate_account", "reactivate_account", "reset_second_factors"]


def end_all_sessions(user: User) -> int:
    """End every session of ``user`` (tracked or not). Returns how many ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for tracked in UserSession.objects.filter(user=user):
        store().delete(tracked.session_key)
        tracked.delete()
        ended += 1
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        for session in Session.objects.filter(expire_date__gt=timezone.now()):
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
                ended += 1
    return ended


@action
def deactivate_account(*, actor: Actor, user: User) -> User:
    """Stop an account from signing in or using API keys, and end its sessions now."""
    policy.require(actor, PLATFORM_COMPANIES)
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_all_sessions(user)
    record(actor=actor, event=AuditEventType.USER_DEACTIVATED, obj=user, company_id=None,
           changes={"is_active": (True, False)})
    security_events.record(user, Tag.DEACTIVATED, ip=actor.ip, sessions_ended=ended)
    return user


@action
def reactivate_account(*, actor: Actor, user: User) -> User:
    """Let a deactivated account sign in again (its factors and memberships are unchanged)."""
    policy.require(actor, PLATFORM_COMPANIES)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(actor=actor, event=AuditEventType.USER_REACTIVATED, obj=user, company_id=None,
           changes={"is_active": (False, True)})
    security_events.record(user, Tag.REACTIVATED, ip=actor.ip)
    return user


@action
def reset_second_factors(*, actor: Actor, user: User) -> int:
    """Remove every factor of a locked-out account (after checking who asks, out of band) and
    end its sessions; the next sign-in enrols a new factor. Returns how many were removed."""
    policy.require(actor, PLATFORM_COMPANIES)
    removed, _ = Authenticator.objects.filter(user=user).delete()
    ended = end_all_sessions(user)
    record(actor=actor, event=AuditEventType.SECOND_FACTORS_RESET, obj=user, company_id=None,
           changes={"factors": (removed, 0)})
    security_events.record(user, Tag.SECOND_FACTOR_RESET, ip=actor.ip, by="operator")
    security_events.record(user, Tag.SESSIONS_ENDED, ip=actor.ip, sessions_ended=ended)
    transaction.on_commit(
        lambda: security_events.notify(
            user, "account/email/second_factors_reset", ip=actor.ip, user_agent=actor.user_agent
        )
    )
    return int(removed)
