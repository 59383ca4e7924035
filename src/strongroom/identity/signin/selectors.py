"""Reads of a company's sign-in policy: for its settings page, and for the gate."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from strongroom.identity.models import SignInPolicy, SsoProvider
from strongroom.identity.permissions import SIGNIN_VIEW
from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.tenancy.models import Company


def sign_in_policy(actor: CompanyActor) -> SignInPolicy:
    """The actor's company's sign-in policy (the defaults, unsaved, when never changed)."""
    policy.require(actor, SIGNIN_VIEW, actor.company)
    return sign_in_policy_for_company_id(actor.company.pk)


# The sign-in gate and the SSO flow run before any Actor exists (they decide whether one may be
# built), so they read the company's settings by id.


def sign_in_policy_for_company_id(company_id: int) -> SignInPolicy:
    """The stored policy of a company, or the defaults (unsaved)."""
    found = SignInPolicy.objects.filter(company_id=company_id).first()
    return found if found is not None else SignInPolicy(company_id=company_id)


def gate_settings(company_id: int) -> tuple[SignInPolicy, SsoProvider | None]:
    """A company's policy and provider (its name and issuer only) in one query: the sign-in gate
    runs on every request to a company."""
    policy_fields = [f.name for f in SignInPolicy._meta.concrete_fields if f.name in GATE_FIELDS]
    policies = SignInPolicy.objects.filter(company_id=OuterRef("pk"))
    providers = SsoProvider.objects.filter(company_id=OuterRef("pk"))
    row = (
        Company.objects.filter(pk=company_id)
        .annotate(
            **{f"policy_{name}": Subquery(policies.values(name)[:1]) for name in policy_fields},
            provider_pk=Subquery(providers.values("pk")[:1]),
            provider_name=Subquery(providers.values("name")[:1]),
            provider_issuer=Subquery(providers.values("issuer")[:1]),
        )
        .values(*[f"policy_{name}" for name in policy_fields], "provider_pk", "provider_name",
                "provider_issuer")
        .first()
    ) or {}
    policy = SignInPolicy(company_id=company_id)
    for name in policy_fields:
        if row.get(f"policy_{name}") is not None:
            setattr(policy, name, row[f"policy_{name}"])
    provider = None
    if row.get("provider_pk") is not None:
        provider = SsoProvider(
            pk=row["provider_pk"], company_id=company_id, name=row["provider_name"],
            issuer=row["provider_issuer"],
        )
    return policy, provider


GATE_FIELDS = frozenset({
    "allow_email_codes", "allow_sms_codes", "trust_browser_days", "require_sso",
    "accept_provider_mfa",
})
