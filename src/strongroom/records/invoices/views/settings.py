"""The company's invoice details: a company settings page for its admins."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.tenancy.permissions import COMPANY_MANAGE
from strongroom.records.invoices import actions, issuer
from strongroom.records.invoices.forms import InvoiceSettingsForm
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown


@company_view
def invoice_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Legal name, numbers, address, bank account and payment terms printed on invoices."""
    company = actor.company
    assert company is not None  # noqa: S101
    policy.require(actor, COMPANY_MANAGE, company)
    if request.method == "POST":
        form = InvoiceSettingsForm(request.POST)
        if form.is_valid():
            with refusal_shown(form=form):
                actions.set_invoice_settings(actor=actor, **form.cleaned_data)
                messages.success(request, "Invoice details saved.")
                return redirect("web:invoice_settings", slug=company.slug)
        status = 422
    else:
        current = issuer.settings_for(company.pk)
        form = InvoiceSettingsForm(initial={name: getattr(current, name)
                                            for name in issuer.FIELDS})
        status = 200
    return render(request, "invoices/settings.html", {"form": form}, status=status)
