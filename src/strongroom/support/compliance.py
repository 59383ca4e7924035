"""Live checks of the operator promises (P-B4, P-B5) for the compliance report: counts of
operators, grants and sessions."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import Outcome, check, failed, passed, warned
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.tenancy.models import Membership
from strongroom.support.models import SupportGrant, SupportSession


@check("P-B4", "Least privilege for operators")
def operators(actor: Actor) -> Outcome:
    """Operators hold no membership (the account model has no staff flags); their actions
    are logged."""
    accounts = get_user_model().objects.filter(is_operator=True)
    members = Membership.objects.filter(user__is_operator=True).count()
    evidence = {
        "operators": accounts.count(), "operators_with_memberships": members,
        "cli_actions_logged_last_30_days": AuditEvent.objects.filter(
            channel="cli", occurred_at__gte=timezone.now() - timedelta(days=30)).count(),
    }
    if members:
        return failed("an operator holds a company membership", **evidence)
    return warned("partial: operators hold no company access; not every operator read is "
                  "logged yet (docs/promises.md)", **evidence)


@check("P-B5", "Support impersonation by consent")
def support_access(actor: Actor) -> Outcome:
    now = timezone.now()
    evidence = {
        "live_grants": SupportGrant.objects.filter(
            revoked_at__isnull=True, expires_at__gt=now).count(),
        "open_sessions": SupportSession.objects.filter(ended_at__isnull=True).count(),
        "sessions_without_reason": SupportSession.objects.filter(reason="").count(),
    }
    if evidence["sessions_without_reason"]:
        return failed("support sessions without a stated reason", **evidence)
    return passed("support access only under a company's grant, with a reason", **evidence)
