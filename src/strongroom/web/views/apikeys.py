"""API keys: one's own in this company (create, revoke) and, for admins, every key of it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from strongroom.identity.apikeys import actions, selectors
from strongroom.identity.factors import second_factor
from strongroom.identity.permissions import APIKEY_CREATE, APIKEY_VIEW_ANY
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.web.actor import company_view
from strongroom.web.forms import ApiKeyForm
from strongroom.web.refusals import refusal_shown

FRESH_SECOND_FACTOR_SECONDS = 15 * 60


@never_cache
@company_view
def api_keys(request: HttpRequest, actor: Actor) -> HttpResponse:
    """List keys; a POST creates one and shows it on this one response, never again."""
    form = ApiKeyForm(request.POST if request.method == "POST" else None)
    new_key = ""
    if request.method == "POST":
        policy.require(actor, APIKEY_CREATE, actor.company)
        if not second_factor.passed_within(request, FRESH_SECOND_FACTOR_SECONDS):
            messages.info(request, "Confirm your second factor to create an API key.")
            query = urlencode({"next": request.path})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        if form.is_valid():
            with refusal_shown(form=form):
                _, new_key = actions.create_api_key(
                    actor=actor,
                    name=form.cleaned_data["name"],
                    read_only=form.cleaned_data["read_only"],
                    expires_in_days=form.cleaned_data["expires_in_days"],
                )
                form = ApiKeyForm()
    company_keys = None
    if policy.allows(actor, APIKEY_VIEW_ANY):
        company_keys = list(selectors.company_api_keys(actor))
        selectors.note_key_owners(actor, company_keys)
    context = {
        "form": form,
        "new_key": new_key,
        "own_keys": selectors.own_api_keys(actor),
        "company_keys": company_keys,
    }
    return render(request, "web/api_keys.html", context)


@require_POST
@company_view
def api_key_revoke(request: HttpRequest, actor: CompanyActor, key_pk: int) -> HttpResponse:
    """Revoke one's own key, or (admins) any key of the company."""
    key = selectors.api_key(actor, key_pk)
    with refusal_shown(request):
        actions.revoke_api_key(actor=actor, key=key)
        messages.success(request, f"Revoked {key.prefix}… ({key.name}).")
    return redirect("web:api_keys", slug=actor.company.slug)
