"""Single sign-on pages: find a company's provider, start, and come back (P-A2)."""

from __future__ import annotations

from contextlib import suppress
from urllib.parse import urlsplit

from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.internal.flows.login import perform_login
from allauth.account.models import Login
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from strongroom.identity.models import SsoProvider
from strongroom.identity.sso import flow, selectors
from strongroom.identity.sso import session as sso_session
from strongroom.identity.sso.oidc import OidcError, discover, reports_mfa
from strongroom.platform.accounts.models import User


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else fallback


@never_cache
@require_GET
def sso_find(request: HttpRequest) -> HttpResponse:
    """"Sign in with your company's single sign-on": ask for the company's short name."""
    slug = request.GET.get("company", "").strip().lower()
    if slug:
        if selectors.sso_provider_for_slug(slug) is not None:
            return redirect("identity_sso_start", slug=slug)
        messages.error(request, "That company has no single sign-on. Check its short name.")
    return render(request, "identity/sso_find.html", {"slug": slug})


@never_cache
def sso_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the company's provider; a POST goes there with a fresh state, nonce and PKCE."""
    provider = selectors.sso_provider_for_slug(slug)
    if provider is None:
        raise Http404
    next_url = _next(request, reverse("web:dashboard", kwargs={"slug": slug}))
    if request.method == "POST":
        try:
            url = flow.begin(
                request, provider, redirect_uri=_callback_uri(request), next_url=next_url
            )
        except OidcError as exc:
            messages.error(request, f"{provider.name} cannot be reached now ({exc}).")
        else:
            return HttpResponseRedirect(url)
    response = render(
        request, "identity/sso_start.html",
        {"provider": provider, "company": provider.company, "next": next_url},
    )
    # The form's answer redirects to the provider, and browsers hold redirects after a form
    # to the page's form-action: this page alone may lead there.
    setattr(response, "_csp_update", {"form-action": _provider_origins(provider)})  # noqa: B010
    return response


def _provider_origins(provider: SsoProvider) -> list[str]:
    """The provider's origins: its issuer's and (when it can be discovered) its sign-in page's."""
    urls = [provider.issuer]
    with suppress(OidcError):  # unreachable: the form's answer will say so
        urls.append(discover(provider)["authorization_endpoint"])
    origins = []
    for url in urls:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins


@never_cache
@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here with a code and our state."""
    attempt = flow.take_attempt(request, request.GET.get("state", ""))
    if attempt is None:
        return _refuse(request, "This sign-in link has expired or was already used.")
    provider = selectors.sso_provider_for_company_id(int(attempt["company"]))
    if provider is None:
        return _refuse(request, "This company no longer uses single sign-on.")
    if "error" in request.GET or not request.GET.get("code"):
        return _refuse(request, f"{provider.name} did not sign you in.")
    try:
        user, claims = flow.finish(
            request, provider, attempt, code=request.GET["code"],
            redirect_uri=_callback_uri(request),
        )
    except flow.SsoRefused as exc:
        return _refuse(request, str(exc))
    sso_session.record_sso(
        request, user, issuer=provider.issuer, subject=str(claims["sub"]),
        company_id=provider.company_id, provider_mfa=reports_mfa(provider, claims),
    )
    if request.user.is_authenticated:  # already signed in: this session now also has SSO
        sso_session.accept_provider_mfa(request, user)
        return HttpResponseRedirect(attempt["next"])
    login = Login(
        user=user, redirect_url=attempt["next"], email_verification=EmailVerificationMethod.NONE
    )
    return perform_login(request, login)


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("identity_sso_callback"))


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    target = "web:home" if isinstance(request.user, User) else "account_login"
    return render(request, "identity/sso_failed.html", {"message": message, "target": target},
                  status=403)
