"""Legal holds: the company's holds listed, placed and released by owners and admins."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.retention import actions, selectors
from strongroom.platform.retention.permissions import LEGAL_HOLD_MANAGE, LEGAL_HOLD_VIEW
from strongroom.web.actor import company_view
from strongroom.web.forms import LegalHoldForm, LegalHoldReleaseForm
from strongroom.web.refusals import refusal_shown


@company_view
def legal_holds(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """The holds, active first; owners and admins place a new one here."""
    policy.require(actor, LEGAL_HOLD_VIEW, actor.company)
    holds = list(selectors.legal_holds(actor))
    form = LegalHoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        policy.require(actor, LEGAL_HOLD_MANAGE, actor.company)
        if form.is_valid():
            with refusal_shown(form=form):
                hold = actions.place_legal_hold(
                    actor=actor, reason=form.cleaned_data["reason"],
                    record_type=form.cleaned_data["record_type"] or "",
                    record_id=form.cleaned_data["record_id"],
                )
                messages.success(request, f"Placed a legal hold on {hold.covers}.")
                return redirect("web:legal_holds", slug=actor.company.slug)
    return render(request, "web/legal_holds.html", {
        "active": [hold for hold in holds if hold.active],
        "released": [hold for hold in holds if not hold.active],
        "form": form, "release_form": LegalHoldReleaseForm(),
    })


@require_POST
@company_view
def legal_hold_release(
    request: HttpRequest, actor: CompanyActor, hold_id: uuid.UUID
) -> HttpResponse:
    """Release a hold, with the reason."""
    hold = selectors.legal_hold(actor, hold_id)
    form = LegalHoldReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "State why the hold is released.")
    else:
        with refusal_shown(request):
            actions.release_legal_hold(actor=actor, hold=hold, reason=form.cleaned_data["reason"])
            messages.success(request, f"Released the legal hold on {hold.covers}.")
    return redirect("web:legal_holds", slug=actor.company.slug)
