"""Permission-matrix routes of the sign-in policy and SSO settings (see tests/matrix.py)."""

from __future__ import annotations

from typing import Any

from strongroom.identity.models import SsoProvider
from tests.conftest import World
from tests.matrix import Route

API = "/api/v1/companies/acme"
ISSUER = "https://login.example.test/tenant/v2.0"


def provider_of(world: World) -> SsoProvider:
    """Company A's provider (made once), for routes that need one to exist."""
    provider, _ = SsoProvider.objects.get_or_create(
        company=world.a.company,
        defaults={"name": "Acme ID", "issuer": ISSUER, "client_id": "strongroom",
                  "client_secret": "s3cret-client-secret"},
    )
    return provider


def _with_provider(world: World) -> dict[str, Any]:
    provider_of(world)
    return {}


def _web_policy(world: World) -> dict[str, Any]:
    return {"allow_email_codes": "on", "trust_browser_days": "14"}


def _web_provider(world: World) -> dict[str, Any]:
    return {"name": "Acme ID", "issuer": ISSUER, "client_id": "strongroom",
            "client_secret": "another-client-secret", "mfa_amr": "mfa otp"}


def _api_provider(world: World) -> dict[str, Any]:
    return {"name": "Acme ID", "issuer": ISSUER, "client_id": "strongroom",
            "client_secret": "another-client-secret"}


def _api(name: str, method: str, path: str, permission: str, **kwargs: Any) -> Route:
    return Route(f"api-1.0.0:{name}", method, lambda w, s: path, permission, api=True, **kwargs)


def _web(name: str, method: str, suffix: str, permission: str, **kwargs: Any) -> Route:
    return Route(
        f"web:{name}", method, lambda w, s: f"/c/{w.a.company.slug}/settings/sign-in/{suffix}",
        permission, **kwargs,
    )


ROUTES: list[Route] = [
    _web("sign_in_policy", "GET", "", "signin.view"),
    _web("sign_in_policy", "POST", "", "signin.manage", data=_web_policy),
    _web("sso_provider", "POST", "sso/", "signin.manage", data=_web_provider),
    _web("sso_provider_remove", "POST", "sso/remove/", "signin.manage", data=_with_provider),
    _api("get_sign_in_policy", "GET", f"{API}/sign-in-policy", "signin.view"),
    _api("update_sign_in_policy", "PATCH", f"{API}/sign-in-policy", "signin.manage",
         data=lambda w: {"allow_sms_codes": False, "trust_browser_days": 7}),
    _api("get_sso_provider", "GET", f"{API}/sso-provider", "signin.view"),
    _api("configure_sso_provider", "PUT", f"{API}/sso-provider", "signin.manage",
         data=_api_provider),
    _api("remove_sso_provider", "DELETE", f"{API}/sso-provider", "signin.manage",
         data=_with_provider),
]
