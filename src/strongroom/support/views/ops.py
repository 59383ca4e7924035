"""The operator console's support page: live grants, starting and ending a session (P-B5)."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.history.read_log import note_reads
from strongroom.platform.tenancy.models import Membership
from strongroom.support import actions, impersonation, selectors
from strongroom.support.forms import StartSessionForm
from strongroom.support.models import SupportGrant
from strongroom.web.actor import platform_actor, signed_in_view
from strongroom.web.refusals import refusal_shown


def _operator(request: HttpRequest) -> Actor:
    """The operator acting on the platform; everyone else gets 404."""
    actor = platform_actor(request)
    policy.require(actor, PLATFORM_VIEW)
    return actor


def _note_members(actor: Actor, grants: list[SupportGrant]) -> None:
    """The grants name members by e-mail address: each is noted in the access log of the
    member's company as read by the operator (one flush per company with such a grant)."""
    by_company: dict[int, tuple[Actor, list[Membership]]] = {}
    for grant in grants:
        if grant.member is not None:
            _, named = by_company.setdefault(
                grant.company_id, (replace(actor, company=grant.company), [])
            )
            named.append(grant.member)
    for company_reader, members in by_company.values():
        note_reads(company_reader, members, purpose="list")


def _page(
    request: HttpRequest, actor: Actor, form: StartSessionForm, status: int = 200
) -> HttpResponse:
    grants = list(selectors.live_grants(actor))
    _note_members(actor, grants)
    context = {
        "form": form,
        "grants": grants,
        "own_sessions": selectors.own_sessions(actor),
        "running": impersonation.running_session(request),
    }
    return render(request, "support/ops_support.html", context, status=status)


@signed_in_view
def ops_support(request: HttpRequest) -> HttpResponse:
    """Live grants (companies as tenants, with the consent they gave) and one's own sessions."""
    actor = _operator(request)
    initial = {
        key: request.GET.get(key, "") for key in ("company", "grant", "member_email")
    }
    form = StartSessionForm(initial=initial, companies=selectors.active_companies(actor))
    return _page(request, actor, form)


@require_POST
@signed_in_view
def ops_support_start(request: HttpRequest) -> HttpResponse:
    """Start a session as a member, within a live grant, for a stated reason."""
    actor = _operator(request)
    form = StartSessionForm(request.POST, companies=selectors.active_companies(actor))
    if impersonation.running_session(request) is not None:
        form.add_error(None, "End the running support session first.")
        return _page(request, actor, form, status=400)
    if not form.is_valid():
        return _page(request, actor, form, status=400)
    data = form.cleaned_data
    company = selectors.company_by_slug(actor, data["company"])
    try:
        with refusal_shown(form=form) as outcome:
            session = actions.request_support_session(
                actor=actor, company=company, member_email=data["member_email"],
                reason=data["reason"], grant_id=data["grant"],
            )
    except actions.SupportRefused as refusal:
        form.add_error(None, f"{refusal} The attempt was recorded.")
        return _page(request, actor, form, status=403)
    if outcome.refused:
        return _page(request, actor, form, status=400)
    impersonation.begin(request, session)
    messages.info(request, f"You are now acting as {session.member.user.display_name}.")
    return redirect("web:dashboard", slug=company.slug)


@require_POST
@signed_in_view
def ops_support_end(request: HttpRequest) -> HttpResponse:
    """End the support session running in this browser."""
    actor = _operator(request)
    session = impersonation.running_session(request)
    impersonation.forget(request)
    if session is not None:
        actions.end_support_session(actor=actor, session=session)
        messages.success(request, "Support session ended.")
    return redirect("web:ops_support")
