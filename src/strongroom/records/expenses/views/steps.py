"""Expense pages that change a claim: lines, receipts, submission, decision, payout."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.files.http import download_response
from strongroom.platform.files.selectors import open_file
from strongroom.records.approvals.actions import engine
from strongroom.records.expenses import actions, selectors
from strongroom.records.expenses.forms import (
    DecisionForm,
    ExpenseLineForm,
    MileageForm,
    ReimburseForm,
)
from strongroom.records.expenses.permissions import EXPENSE_REIMBURSE, EXPENSE_SUBMIT, EXPENSE_VIEW
from strongroom.records.expenses.views.claims import back, detail_page
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown


@require_POST
@company_view
def line_add(request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID) -> HttpResponse:
    """Add an expense with its receipt."""
    claim = selectors.claim(actor, claim_id)
    policy.require(actor, EXPENSE_SUBMIT, claim)
    form = ExpenseLineForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form=form):
            actions.add_expense_line(
                actor=actor, claim=claim, date=data["date"], category=data["category"],
                description=data["description"], amount=data["amount"],
                currency=data["currency"], vat_amount=data["vat_amount"] or Decimal(0),
                exchange_rate=data["exchange_rate"], receipt=data["receipt"],
            )
            messages.success(request, "Expense added.")
            return back(actor, claim)
    return detail_page(request, actor, claim, line_form=form)


@require_POST
@company_view
def mileage_add(request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID) -> HttpResponse:
    """Add a mileage trip at the company's rate."""
    claim = selectors.claim(actor, claim_id)
    policy.require(actor, EXPENSE_SUBMIT, claim)
    form = MileageForm(request.POST)
    if form.is_valid():
        with refusal_shown(form=form):
            actions.add_mileage_line(actor=actor, claim=claim, **form.cleaned_data)
            messages.success(request, "Trip added.")
            return back(actor, claim)
    return detail_page(request, actor, claim, mileage_form=form)


@require_POST
@company_view
def line_remove(
    request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID, line_id: uuid.UUID
) -> HttpResponse:
    """Remove a line and its receipt."""
    claim = selectors.claim(actor, claim_id)
    with refusal_shown(request):
        actions.remove_expense_line(actor=actor, line=selectors.line(actor, claim, line_id))
        messages.success(request, "Line removed.")
    return back(actor, claim)


@company_view
def receipt(
    request: HttpRequest, actor: Actor, claim_id: uuid.UUID, line_id: uuid.UUID
) -> HttpResponse:
    """Download a line's receipt (policy-checked, never a public URL)."""
    claim = selectors.claim(actor, claim_id)
    item = selectors.line(actor, claim, line_id)
    if item.receipt is None:
        raise policy.NotFound()
    streamed = download_response(open_file(actor, item.receipt, permission=EXPENSE_VIEW, on=claim))
    return cast(HttpResponse, streamed)  # a streaming response; company_view passes it on


@require_POST
@company_view
def claim_submit(request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID) -> HttpResponse:
    """Send the claim for approval."""
    claim = selectors.claim(actor, claim_id)
    with refusal_shown(request):
        actions.submit_claim(actor=actor, claim=claim)
        messages.success(request, "Submitted for approval.")
    return back(actor, claim)


@require_POST
@company_view
def claim_decide(request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID) -> HttpResponse:
    """Approve or reject the claim's open step, as one of its approvers."""
    claim = selectors.claim(actor, claim_id)
    step = selectors.step_to_decide(actor, selectors.approval(actor, claim))
    if step is None:
        raise policy.Forbidden("You are not an approver of this claim's open step.")
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form=form):
            engine.decide(
                actor=actor, step=step, approve=data["decision"] == "approve",
                comment=data["comment"],
            )
            messages.success(request, "Decision recorded.")
            return back(actor, claim)
    return detail_page(request, actor, claim, decision_form=form)


@require_POST
@company_view
def claim_reimburse(request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID) -> HttpResponse:
    """Record the payout of an approved claim."""
    claim = selectors.claim(actor, claim_id)
    policy.require(actor, EXPENSE_REIMBURSE, claim)
    form = ReimburseForm(request.POST)
    if form.is_valid():
        with refusal_shown(form=form):
            actions.mark_claim_reimbursed(actor=actor, claim=claim, **form.cleaned_data)
            messages.success(request, "Recorded as reimbursed.")
            return back(actor, claim)
    return detail_page(request, actor, claim, reimburse_form=form)


@require_POST
@company_view
def claim_delete(request: HttpRequest, actor: CompanyActor, claim_id: uuid.UUID) -> HttpResponse:
    """Delete a draft claim."""
    claim = selectors.claim(actor, claim_id)
    with refusal_shown(request) as outcome:
        actions.delete_claim(actor=actor, claim=claim)
    if outcome.refused:
        return back(actor, claim)
    messages.success(request, "Claim deleted.")
    return redirect("web:expenses", slug=actor.company.slug)
