"""The approval inbox, the requests one is part of, one request and the decision on it."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.history.display import history_tab
from strongroom.platform.history.read_log import note_read
from strongroom.records.approvals import selectors
from strongroom.records.approvals.actions.engine import decide
from strongroom.records.approvals.forms import DecisionForm, RequestFilterForm
from strongroom.records.approvals.models import ApprovalRequest
from strongroom.records.approvals.permissions import APPROVAL_DECIDE, APPROVAL_VIEW
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown

PAGE_SIZE = 50


@company_view
def inbox(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Steps waiting for the actor's decision, oldest first."""
    policy.require(actor, APPROVAL_VIEW)
    steps = list(selectors.inbox(actor)[:200])
    approvals = selectors.attach_records(step.request for step in steps)
    return render(request, "approvals/inbox.html", {"items": list(zip(steps, approvals,
                                                                       strict=True))})


@company_view
def request_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Approval requests the actor may see, filtered and paginated."""
    policy.require(actor, APPROVAL_VIEW)
    form = RequestFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.requests(
        actor, status=filters.get("status", ""), kind=filters.get("kind", ""),
        mine=bool(filters.get("mine")),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_records(page.object_list)
    return render(request, "approvals/requests.html", {"form": form, "page": page})


def _can_decide(actor: Actor, approval: ApprovalRequest) -> bool:
    step = selectors.open_step(approval)
    return step is not None and policy.allows(actor, APPROVAL_DECIDE, step)


@company_view
def request_detail(request: HttpRequest, actor: Actor, approval_id: uuid.UUID) -> HttpResponse:
    """One request: its record, steps, approvers and decisions."""
    approval = selectors.request(actor, approval_id)
    selectors.attach_records([approval])
    for step in approval.steps.all():
        if step.comment:  # a decision's comment is personal data of the requester
            note_read(actor, step, purpose="view")
    context = {
        "approval": approval, "steps": list(approval.steps.all()),
        "form": DecisionForm() if _can_decide(actor, approval) else None,
        **history_tab(actor, approval, permission=APPROVAL_VIEW),
    }
    return render(request, "approvals/request.html", context)


@require_POST
@company_view
def request_decide(
    request: HttpRequest, actor: CompanyActor, approval_id: uuid.UUID
) -> HttpResponse:
    """Approve or reject the request's open step."""
    approval = selectors.request(actor, approval_id)
    step = selectors.open_step(approval)
    if step is None:
        messages.error(request, "This request is not waiting for a decision.")
        return redirect("web:approval_request", slug=actor.company.slug, approval_id=approval.pk)
    policy.require(actor, APPROVAL_DECIDE, step)
    form = DecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        with refusal_shown(form=form):
            decide(actor=actor, step=step, approve=approve, comment=form.cleaned_data["comment"])
            messages.success(request, "Approved." if approve else "Rejected.")
            return redirect("web:approval_inbox", slug=actor.company.slug)
    selectors.attach_records([approval])
    context = {"approval": approval, "steps": list(approval.steps.all()), "form": form}
    return render(request, "approvals/request.html", context, status=422)
