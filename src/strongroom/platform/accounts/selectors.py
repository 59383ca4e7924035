"""Reads of accounts for the platform (operators and the CLI), never for company members."""

from __future__ import annotations

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.accounts.models import User


def account_by_email(actor: Actor, email: str) -> User:
    """The account with this e-mail address (any case), or NotFound."""
    policy.require(actor, PLATFORM_VIEW)
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise policy.NotFound()
    return user
