"""Expense pages: the list, a new claim, and one claim with everything done to it."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from strongroom.platform import money
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.history.display import history_tab
from strongroom.platform.history.read_log import note_read
from strongroom.records.expenses import actions, selectors
from strongroom.records.expenses.forms import (
    ClaimFilterForm,
    ClaimForm,
    DecisionForm,
    ExpenseLineForm,
    MileageForm,
    ReimburseForm,
)
from strongroom.records.expenses.models import ExpenseClaim
from strongroom.records.expenses.permissions import (
    EXPENSE_REIMBURSE,
    EXPENSE_SUBMIT,
    EXPENSE_VIEW,
)
from strongroom.web.actor import company_view
from strongroom.web.list_export import export_format, list_download
from strongroom.web.refusals import refusal_shown

PER_PAGE = 50
CLAIM_COLUMNS = (
    ("Title", lambda c: c.title), ("Claimant", lambda c: c.claimant.user.display_name),
    ("Status", lambda c: c.get_status_display()), ("Created", lambda c: c.created_at),
    ("Currency", lambda c: c.currency), ("Total", lambda c: money.quantize(c.total, c.currency)),
    ("VAT", lambda c: money.quantize(c.vat_total, c.currency)), ("Id", lambda c: c.pk),
)


@company_view
def claim_list(request: HttpRequest, actor: Actor) -> HttpResponseBase:
    """Own claims, claims to approve and (for accountants) every claim."""
    policy.require(actor, EXPENSE_VIEW)
    form = ClaimFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    found = selectors.claims(actor, **filters)
    if kind := export_format(request):
        return list_download(actor, kind, name="expense-claims", columns=CLAIM_COLUMNS, rows=found)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    for claim in page.object_list:
        note_read(actor, claim, purpose="list")
    return render(request, "expenses/list.html", {
        "form": form, "page": page, "filtered": bool(filters),
        "can_submit": policy.allows(actor, EXPENSE_SUBMIT), "list_export": True,
    })


@company_view
def claim_create(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Start a claim of one's own."""
    policy.require(actor, EXPENSE_SUBMIT, actor.company)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form):
            claim = actions.create_claim(actor=actor, **form.cleaned_data)
            messages.success(request, "Claim started: add your expenses.")
            return redirect("web:expense_detail", slug=actor.company.slug, claim_id=claim.pk)
    return render(request, "expenses/create.html", {"form": form})


def detail_page(
    request: HttpRequest, actor: CompanyActor, claim: ExpenseClaim, **forms: Any
) -> HttpResponse:
    """The claim page, with any bound form that needs its errors shown."""
    note_read(actor, claim, purpose="view")
    approval = selectors.approval(actor, claim)
    step = selectors.step_to_decide(actor, approval)
    context: dict[str, Any] = {
        "claim": claim,
        "lines": list(claim.lines.all()),
        "approval": approval,
        "step": step,
        "can_edit": claim.editable and policy.allows(actor, EXPENSE_SUBMIT, claim),
        "can_reimburse": policy.allows(actor, EXPENSE_REIMBURSE, claim),
        "line_form": (
            forms.get("line_form") or ExpenseLineForm(initial={"currency": claim.currency})
        ),
        "mileage_form": forms.get("mileage_form") or MileageForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "reimburse_form": forms.get("reimburse_form") or ReimburseForm(),
        "mileage_rate": selectors.expense_settings(actor).mileage_rate,
        **history_tab(actor, claim, permission=EXPENSE_VIEW),
    }
    status = 422 if forms else 200
    return render(request, "expenses/detail.html", context, status=status)


@company_view
def claim_detail(request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID) -> HttpResponse:
    """One claim: its lines and receipts, its approval, and what the actor may do."""
    return detail_page(request, actor, selectors.claim(actor, claim_id))


def back(actor: CompanyActor, claim: ExpenseClaim) -> HttpResponse:
    return redirect("web:expense_detail", slug=actor.company.slug, claim_id=claim.pk)
