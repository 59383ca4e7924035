"""API of the company's sign-in policy, single sign-on provider and API keys (mounted by
project/api.py). API keys are never shown, only their recognisable prefix."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.responses import Status

from strongroom.api.input import InputSchema, Int64, secret_field
from strongroom.api.pagination import NotedPage
from strongroom.api.router import Router
from strongroom.api.schemas.choices import one_of
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.identity.apikeys import actions as apikey_actions
from strongroom.identity.apikeys import selectors as apikey_selectors
from strongroom.identity.models import ApiKey, SignInPolicy, SsoProvider
from strongroom.identity.models.policy import MAX_TRUST_BROWSER_DAYS
from strongroom.identity.permissions import APIKEY_VIEW_ANY
from strongroom.identity.signin import actions as signin_actions
from strongroom.identity.signin import gate
from strongroom.identity.signin import selectors as signin_selectors
from strongroom.identity.sso import actions as sso_actions
from strongroom.identity.sso import selectors as sso_selectors
from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.accounts.models import User

router = Router(tags=["Sign-in"])
POLICY = "/companies/{company_slug}/sign-in-policy"
PROVIDER = "/companies/{company_slug}/sso-provider"
KEYS = "/companies/{company_slug}/api-keys"
KEY_STATES = ("active", "expired", "revoked")  # ApiKey.status


class ApiKeyOut(Schema):
    id: Int64 = Field(..., examples=[12])
    name: str = Field(..., examples=["Invoice export"])
    prefix: str = Field(..., examples=["sr_live_3f9a1c2b7d4e"])
    owner: str = Field(..., examples=["kari@nordlys.example"])
    read_only: bool
    status: str = Field(..., examples=["active"], json_schema_extra=one_of(KEY_STATES))
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    last_used_ip: str | None

    @staticmethod
    def resolve_owner(obj: object) -> str:
        return str(obj.user.email)  # type: ignore[attr-defined]


class SignInPolicyOut(Schema):
    allow_email_codes: bool = Field(..., description="E-mail codes count as a second factor.")
    allow_sms_codes: bool = Field(..., description="SMS codes count as a second factor.")
    trust_browser_days: Int64 = Field(..., description="0 = trusted browsers always asked.")
    require_sso: bool = Field(..., description="Members enter only through the provider.")
    accept_provider_mfa: bool = Field(..., description="The provider's amr/acr MFA counts.")


class SignInPolicyPatch(InputSchema):
    """Only the fields given change."""

    allow_email_codes: bool | None = None
    allow_sms_codes: bool | None = None
    trust_browser_days: Int64 | None = Field(None, ge=0, le=MAX_TRUST_BROWSER_DAYS)
    require_sso: bool | None = None
    accept_provider_mfa: bool | None = None


class SsoProviderOut(Schema):
    configured: bool = Field(..., description="False when the company has no provider.")
    name: str = ""
    issuer: str = Field("", examples=["https://login.microsoftonline.com/<tenant>/v2.0"])
    client_id: str = ""
    link_unverified_email: bool = False
    mfa_amr: str = ""
    mfa_acr: str = ""
    callback_url: str = Field("", description="Register this redirect URI at the provider.")


class SsoProviderIn(InputSchema):
    name: str = Field(..., max_length=100, examples=["Contoso Entra ID"])
    issuer: str = Field(..., max_length=500, description="Issuer or discovery URL (https).")
    client_id: str = Field(..., max_length=255)
    client_secret: str = secret_field(
        "", max_length=2000, description="Empty keeps the stored secret. Never returned."
    )
    link_unverified_email: bool = False
    mfa_amr: str | None = Field(None, max_length=200)
    mfa_acr: str | None = Field(None, max_length=200)


def _policy_out(policy: SignInPolicy) -> dict[str, object]:
    return {name: getattr(policy, name) for name in SignInPolicyOut.model_fields}


def _provider_out(request: HttpRequest, provider: SsoProvider | None) -> dict[str, object]:
    if provider is None:
        return {"configured": False}
    return {
        "configured": True, "name": provider.name, "issuer": provider.issuer,
        "client_id": provider.client_id, "link_unverified_email": provider.link_unverified_email,
        "mfa_amr": provider.mfa_amr, "mfa_acr": provider.mfa_acr,
        "callback_url": request.build_absolute_uri("/accounts/sso/callback/"),
    }


@router.get(
    POLICY, response={200: SignInPolicyOut, **READ_ERRORS},
    summary="Get the company's sign-in policy",
)
def get_sign_in_policy(request: HttpRequest, actor: CompanyActor) -> dict[str, object]:
    return _policy_out(signin_selectors.sign_in_policy(actor))


@router.patch(
    POLICY, response={200: SignInPolicyOut, **WRITE_ERRORS},
    summary="Change the company's sign-in policy",
    description="Requiring SSO or accepting the provider's MFA needs a configured provider.",
)
def update_sign_in_policy(
    request: HttpRequest, actor: CompanyActor, payload: SignInPolicyPatch
) -> dict[str, object]:
    fields = payload.dict(exclude_unset=True)
    user = getattr(request, "auth", None)
    if fields.get("require_sso") and isinstance(user, User) and actor.company is not None and (
        not signin_selectors.sign_in_policy(actor).require_sso
    ):
        gate.require_sso_lockout_check(request, user, actor.company)
    updated = signin_actions.update_sign_in_policy(actor=actor, **fields)
    return _policy_out(updated)


@router.get(
    PROVIDER, response={200: SsoProviderOut, **READ_ERRORS},
    summary="Get the company's OpenID Connect provider",
    description="The client secret is never returned.",
)
def get_sso_provider(request: HttpRequest, actor: CompanyActor) -> dict[str, object]:
    return _provider_out(request, sso_selectors.sso_provider(actor))


@router.put(
    PROVIDER, response={200: SsoProviderOut, **WRITE_ERRORS},
    summary="Set up or change the company's OpenID Connect provider",
)
def configure_sso_provider(
    request: HttpRequest, actor: CompanyActor, payload: SsoProviderIn
) -> dict[str, object]:
    provider = sso_actions.configure_sso_provider(actor=actor, **payload.dict())
    return _provider_out(request, provider)


@router.delete(
    PROVIDER, response={204: None, **WRITE_ERRORS},
    summary="Remove the company's OpenID Connect provider",
    description="Refused (422) while the policy requires SSO or accepts the provider's MFA.",
)
def remove_sso_provider(request: HttpRequest, actor: CompanyActor) -> Status[None]:
    sso_actions.remove_sso_provider(actor=actor)
    return Status(204, None)


@router.listing(
    KEYS,
    item=ApiKeyOut,
    permission=APIKEY_VIEW_ANY,
    tags=["API keys"],
    summary="List the company's API keys",
    description="Every key of every member, newest first. Keys themselves are never shown. "
    "The owners, named by e-mail address, are noted in the access log.",
)
def list_api_keys(request: HttpRequest, actor: CompanyActor) -> NotedPage[ApiKey]:
    keys = apikey_selectors.company_api_keys(actor)
    return NotedPage(keys, lambda page: apikey_selectors.note_key_owners(actor, page))


@router.delete(
    f"{KEYS}/{{key_pk}}",
    tags=["API keys"],
    response={204: None, **WRITE_ERRORS},
    summary="Revoke an API key",
    description="One's own key, or (admins) any key of the company. Takes effect at once. "
    "A key issued under a support grant revokes only itself.",
)
def revoke_api_key(request: HttpRequest, actor: CompanyActor, key_pk: Int64) -> Status[None]:
    key = apikey_selectors.api_key(actor, key_pk)
    granted = _key_under_grant(request)
    if granted is not None and granted.pk != key.pk:
        raise policy.Forbidden("A key issued under a support grant revokes only itself.")
    apikey_actions.revoke_api_key(actor=actor, key=key)
    return Status(204, None)


def _key_under_grant(request: HttpRequest) -> ApiKey | None:
    """The request's key when it was issued under a support grant: like support access, it
    changes none of the member's keys (P-B5)."""
    principal = getattr(request, "auth", None)
    if isinstance(principal, ApiKey) and principal.support_grant_id is not None:
        return principal
    return None
