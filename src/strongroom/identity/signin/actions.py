"""Changing a company's sign-in policy (P-A1, P-A2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.identity.models import SignInPolicy
from strongroom.identity.models.policy import MAX_TRUST_BROWSER_DAYS
from strongroom.identity.permissions import SIGNIN_MANAGE
from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.history import tracking
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record


@action
def update_sign_in_policy(
    *,
    actor: CompanyActor,
    allow_email_codes: bool | None = None,
    allow_sms_codes: bool | None = None,
    trust_browser_days: int | None = None,
    require_sso: bool | None = None,
    accept_provider_mfa: bool | None = None,
) -> SignInPolicy:
    """Change the given settings of the actor's company's policy (None leaves one as it is).

    Requiring SSO needs a configured provider, so that nobody is locked out by a typo; members
    who are signed in already must pass the new policy on their next request to the company.
    """
    policy.require(actor, SIGNIN_MANAGE, actor.company)
    from strongroom.identity.models import SsoProvider

    current, created = SignInPolicy.objects.select_for_update().get_or_create(
        company=actor.company
    )
    before = None if created else tracking.capture(current)
    if trust_browser_days is not None and not 0 <= trust_browser_days <= MAX_TRUST_BROWSER_DAYS:
        raise ValidationError(
            {"trust_browser_days": f"Choose 0 (never) to {MAX_TRUST_BROWSER_DAYS} days."}
        )
    changes = {
        "allow_email_codes": allow_email_codes, "allow_sms_codes": allow_sms_codes,
        "trust_browser_days": trust_browser_days, "require_sso": require_sso,
        "accept_provider_mfa": accept_provider_mfa,
    }
    for name, value in changes.items():
        if value is not None:
            setattr(current, name, value)
    has_provider = SsoProvider.objects.filter(company=actor.company).exists()
    if current.require_sso and not has_provider:
        raise ValidationError({"require_sso": "Set up a single sign-on provider first."})
    if current.accept_provider_mfa and not has_provider:
        raise ValidationError({"accept_provider_mfa": "Set up a single sign-on provider first."})
    current.updated_at = timezone.now()
    current.save()
    record(
        actor=actor, event=AuditEventType.SIGNIN_POLICY_UPDATED, obj=current,
        company_id=actor.company.pk, before=before,
    )
    return current
