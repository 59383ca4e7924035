"""Grants and sessions as the actions make them, for tests that need them ready-made."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.accounts.models import User
from strongroom.platform.tenancy.models import Membership
from strongroom.support.impersonation import SESSION_KEY
from strongroom.support.models import GrantScope, SupportGrant, SupportSession
from tests.auth import sign_in
from tests.conftest import CompanyWorld


def make_grant(
    company: CompanyWorld,
    *,
    scope: str = GrantScope.FULL,
    member: Membership | None = None,
    hours: int = 24,
    by: str = perms.OWNER,
) -> SupportGrant:
    """A live grant of ``company``, made by its member of role ``by``."""
    now = timezone.now()
    return SupportGrant.objects.create(
        company=company.company, granted_by=company.user(by), created_at=now,
        expires_at=now + timedelta(hours=hours), scope=scope, member=member,
        note="Please look at ticket 42",
    )


def make_session(grant: SupportGrant, operator: User, member: Membership) -> SupportSession:
    return SupportSession.objects.create(
        company=grant.company, grant=grant, operator=operator, member=member,
        reason="Ticket 42: totals look wrong",
    )


def impersonating(
    client: Client, company: CompanyWorld, operator: User, *, role: str = perms.ADMIN,
    scope: str = GrantScope.FULL,
) -> SupportSession:
    """Sign ``operator`` in on ``client`` and run a support session as ``company``'s ``role``."""
    grant = make_grant(company, scope=scope)
    session = make_session(grant, operator, company.members[role])
    sign_in(client, operator)
    web_session = client.session
    web_session[SESSION_KEY] = session.pk
    web_session.save()
    return session
