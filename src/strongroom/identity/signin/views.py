"""The company's sign-in settings page: policy and single sign-on provider (P-A1, P-A2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from strongroom.identity.factors import codes
from strongroom.identity.models import CodeChannel, SsoProvider
from strongroom.identity.permissions import SIGNIN_MANAGE
from strongroom.identity.signin import actions, gate, selectors
from strongroom.identity.signin.forms import SignInPolicyForm, SsoProviderForm
from strongroom.identity.sso import actions as sso_actions
from strongroom.identity.sso import selectors as sso_selectors
from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown

POLICY_FIELDS = (
    "allow_email_codes", "allow_sms_codes", "trust_browser_days", "require_sso",
    "accept_provider_mfa",
)


def _provider_initial(provider: SsoProvider | None) -> dict[str, object]:
    if provider is None:
        return {"mfa_amr": SsoProvider._meta.get_field("mfa_amr").default}
    return {
        "name": provider.name, "issuer": provider.issuer, "client_id": provider.client_id,
        "link_unverified_email": provider.link_unverified_email,
        "mfa_amr": provider.mfa_amr, "mfa_acr": provider.mfa_acr,
    }


def _page(
    request: HttpRequest, actor: CompanyActor, *, policy_form: SignInPolicyForm | None = None,
    provider_form: SsoProviderForm | None = None, status: int = 200,
) -> HttpResponse:
    current = selectors.sign_in_policy(actor)
    provider = sso_selectors.sso_provider(actor)
    context = {
        "policy_form": policy_form or SignInPolicyForm(
            initial={name: getattr(current, name) for name in POLICY_FIELDS}
        ),
        "provider_form": provider_form or SsoProviderForm(initial=_provider_initial(provider)),
        "provider": provider,
        "can_manage": policy.allows(actor, SIGNIN_MANAGE, actor.company),
        "risks": [codes.RISK[CodeChannel.Kind.EMAIL], codes.RISK[CodeChannel.Kind.SMS]],
        "callback_url": request.build_absolute_uri("/accounts/sso/callback/"),
    }
    return render(request, "identity/sign_in_policy.html", context, status=status)


def _save(
    request: HttpRequest, actor: CompanyActor, form: SignInPolicyForm | SsoProviderForm,
    write: Callable[[dict[str, Any]], object], saved: str, form_name: str,
) -> HttpResponse:
    """Run ``write`` with the form's data; back to the page, or the form with its errors."""
    if form.is_valid():
        with refusal_shown(form=form):
            write(form.cleaned_data)
            messages.success(request, saved)
            return redirect("web:sign_in_policy", slug=actor.company.slug)
    return _page(request, actor, **{form_name: form}, status=422)  # type: ignore[arg-type]


@never_cache
@company_view
def sign_in_policy(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """See (signin.view) and change (signin.manage) how members must sign in here."""
    if request.method != "POST":
        return _page(request, actor)
    policy.require(actor, SIGNIN_MANAGE, actor.company)

    def write(data: dict[str, Any]) -> object:
        if data["require_sso"] and not selectors.sign_in_policy(actor).require_sso:
            gate.require_sso_lockout_check(request, request.user, actor.company)  # type: ignore[arg-type]
        return actions.update_sign_in_policy(actor=actor, **data)

    form = SignInPolicyForm(request.POST)
    return _save(request, actor, form, write, "Sign-in policy saved.", "policy_form")


@never_cache
@require_POST
@company_view
def sso_provider(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Set up or change the company's OpenID Connect provider."""
    policy.require(actor, SIGNIN_MANAGE, actor.company)
    form = SsoProviderForm(request.POST)
    return _save(
        request, actor, form, lambda data: sso_actions.configure_sso_provider(actor=actor, **data),
        "Single sign-on provider saved.", "provider_form",
    )


@require_POST
@company_view
def sso_provider_remove(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Remove the provider (refused while the policy relies on it)."""
    with refusal_shown(request):
        sso_actions.remove_sso_provider(actor=actor)
        messages.success(request, "Single sign-on provider removed.")
    return redirect("web:sign_in_policy", slug=actor.company.slug)
