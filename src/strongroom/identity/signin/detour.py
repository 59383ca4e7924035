"""Where a browser goes when a company's sign-in policy turns it away (identity/signin/gate.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from strongroom.identity.signin import gate
from strongroom.platform.tenancy.models import Company

ENTERING_KEY = "strongroom_entering_company"


def refused(request: HttpRequest, refusal: gate.Refusal, company: Company) -> HttpResponse:
    """Send the person to the step that satisfies the policy, then back here."""
    messages.info(request, refusal.message)
    query = urlencode({"next": request.get_full_path()})
    if refusal.remedy == gate.SSO_REQUIRED:
        target = reverse("identity_sso_start", kwargs={"slug": company.slug})
    elif refusal.remedy == gate.PASSWORD:
        target = reverse("account_reauthenticate")
    elif refusal.remedy == gate.SECOND_FACTOR:
        request.session[ENTERING_KEY] = company.pk
        target = reverse("mfa_reauthenticate")
    else:
        target = reverse("mfa_index")
    return HttpResponseRedirect(f"{target}?{query}")


def entered(request: HttpRequest) -> None:
    """The session passed the company's gate: any detour begun for it is over."""
    request.session.pop(ENTERING_KEY, None)
