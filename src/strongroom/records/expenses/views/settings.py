"""The company's expense settings: the mileage rate (admins and accountants)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.records.expenses import actions, selectors
from strongroom.records.expenses.forms import MileageRateForm
from strongroom.records.expenses.permissions import EXPENSE_SETTINGS
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown


@company_view
def expense_settings(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Set the rate per km that new mileage lines use (existing lines keep theirs)."""
    company = actor.company
    assert company is not None  # noqa: S101
    policy.require(actor, EXPENSE_SETTINGS, company)
    status = 200
    if request.method == "POST":
        form = MileageRateForm(request.POST)
        if form.is_valid():
            with refusal_shown(form=form):
                actions.set_mileage_rate(actor=actor, rate=form.cleaned_data["mileage_rate"])
                messages.success(request, "Mileage rate saved.")
                return redirect("web:expense_settings", slug=company.slug)
        status = 422
    else:
        form = MileageRateForm(initial={"mileage_rate": selectors.expense_settings(actor)
                                        .mileage_rate})
    return render(request, "expenses/settings.html", {"form": form}, status=status)
