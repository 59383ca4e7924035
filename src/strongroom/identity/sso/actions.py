"""Single sign-on settings of a company and the links between accounts and providers (P-A2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from strongroom.identity.models import SignInPolicy, SsoIdentity, SsoProvider
from strongroom.identity.permissions import SIGNIN_MANAGE
from strongroom.identity.sso.validation import normalise_issuer
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.history import tracking
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record


@action
def configure_sso_provider(
    *,
    actor: CompanyActor,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str = "",
    link_unverified_email: bool = False,
    mfa_amr: str | None = None,
    mfa_acr: str | None = None,
) -> SsoProvider:
    """Set up or change the company's OpenID Connect provider. An empty ``client_secret`` keeps
    the stored one (it is never shown again once saved)."""
    policy.require(actor, SIGNIN_MANAGE, actor.company)
    errors: dict[str, str] = {}
    cleaned_name, cleaned_client = name.strip(), client_id.strip()
    if not 1 <= len(cleaned_name) <= 100:
        errors["name"] = "Give the provider a name of 1 to 100 characters."
    if not 1 <= len(cleaned_client) <= 255:
        errors["client_id"] = "Enter the client id the provider gave you."
    try:
        cleaned_issuer = normalise_issuer(issuer)
    except ValidationError as exc:
        errors.update({key: " ".join(value) for key, value in exc.message_dict.items()})
    provider = SsoProvider.objects.select_for_update().filter(company=actor.company).first()
    if provider is None and not client_secret.strip():
        errors["client_secret"] = "Enter the client secret the provider gave you."  # noqa: S105
    if errors:
        raise ValidationError(errors)
    before = tracking.capture(provider) if provider is not None else None
    if provider is None:
        provider = SsoProvider(company=actor.company)
    provider.name, provider.issuer = cleaned_name, cleaned_issuer
    provider.client_id = cleaned_client
    if client_secret.strip():
        provider.client_secret = client_secret.strip()
    provider.link_unverified_email = link_unverified_email
    if mfa_amr is not None:
        provider.mfa_amr = " ".join(mfa_amr.split())[:200]
    if mfa_acr is not None:
        provider.mfa_acr = " ".join(mfa_acr.split())[:200]
    provider.save()
    record(
        actor=actor, event=AuditEventType.SSO_PROVIDER_CONFIGURED, obj=provider,
        company_id=actor.company.pk, before=before,
    )
    return provider


@action
def remove_sso_provider(*, actor: CompanyActor) -> None:
    """Remove the company's provider; refused while the policy depends on it."""
    policy.require(actor, SIGNIN_MANAGE, actor.company)
    provider = SsoProvider.objects.select_for_update().filter(company=actor.company).first()
    if provider is None:
        raise policy.NotFound()
    current = SignInPolicy.objects.filter(company=actor.company).first()
    if current is not None and (current.require_sso or current.accept_provider_mfa):
        raise ValidationError(
            "Turn off “require single sign-on” and “accept the provider's multi-factor” first."
        )
    record(
        actor=actor, event=AuditEventType.SSO_PROVIDER_REMOVED, obj=provider,
        company_id=actor.company.pk, deleted=True,
    )
    provider.delete()


@action
def link_sso_identity(*, actor: Actor, issuer: str, subject: str) -> SsoIdentity:
    """Link the actor's account to their identity at the company's provider. The caller has
    validated the provider's ID token and decided that this account is the person's."""
    if actor.user is None or actor.company is None or actor.platform:
        raise policy.NotFound()
    provider = SsoProvider.objects.filter(company=actor.company, issuer=issuer).first()
    if provider is None:
        raise policy.NotFound()
    if SsoIdentity.objects.filter(issuer=issuer, subject=subject).exists():
        raise ValidationError("This identity is already linked to an account.")
    identity = SsoIdentity.objects.create(user=actor.user, issuer=issuer, subject=subject)
    record(  # an account's link, not company data: recorded, not tracked (like factors)
        actor=actor, event=AuditEventType.SSO_IDENTITY_LINKED, obj=identity,
        company_id=actor.company.pk, changes={"issuer": (None, issuer), "subject": (None, subject)},
    )
    return identity
