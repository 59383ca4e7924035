"""The company's "Support access" page: grant and revoke, and see every session (P-B5)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_reads
from strongroom.platform.tenancy.models import Membership
from strongroom.support import actions, selectors
from strongroom.support.forms import GrantForm
from strongroom.support.permissions import SUPPORT_MANAGE, SUPPORT_VIEW
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown

LISTED = 100
READS_LISTED = 1000


def _choices(actor: Actor) -> list[Membership]:
    """The members a grant can name; the choices show their e-mail addresses (access log)."""
    members = selectors.grantable_members(actor)
    note_reads(actor, members, purpose="list")
    return members


@company_view
def support_access(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Grants, sessions and refused attempts; admins grant new access here."""
    company = actor.company
    assert company is not None  # noqa: S101
    policy.require(actor, SUPPORT_VIEW)
    can_manage = policy.allows(actor, SUPPORT_MANAGE, company)
    form: GrantForm | None = None
    status = 200
    if request.method == "POST":
        policy.require(actor, SUPPORT_MANAGE, company)
        form = GrantForm(request.POST, members=_choices(actor))
        if form.is_valid():
            data = form.cleaned_data
            member = selectors.grantable_member(actor, data["member"])
            with refusal_shown(form=form):
                actions.grant_support_access(
                    actor=actor, hours=data["hours"], scope=data["scope"], member=member,
                    note=data["note"],
                )
                messages.success(request, "Support access granted.")
                return redirect("web:support_access", slug=company.slug)
        status = 400
    elif can_manage:
        form = GrantForm(members=_choices(actor))
    context = {
        "form": form,
        "grants": list(selectors.grants(actor)[:LISTED]),
        "sessions": list(selectors.sessions(actor)[:LISTED]),
        "refused": list(selectors.refused_attempts(actor)[:LISTED]),
        "can_manage": can_manage,
    }
    return render(request, "support/support_access.html", context, status=status)


@require_POST
@company_view
def support_grant_revoke(request: HttpRequest, actor: Actor, grant_id: int) -> HttpResponse:
    """End a grant now; sessions under it end at their next request."""
    company = actor.company
    assert company is not None  # noqa: S101
    grant = selectors.grant(actor, grant_id)
    with refusal_shown(request):
        actions.revoke_support_grant(actor=actor, grant=grant)
        messages.success(request, "Support access revoked.")
    return redirect("web:support_access", slug=company.slug)


@company_view
def support_session(request: HttpRequest, actor: Actor, session_id: int) -> HttpResponse:
    """One session: who, as whom, why, and everything recorded in it."""
    found = selectors.session(actor, session_id)
    events = list(selectors.session_activity(actor, found))
    selectors.note_named(actor, sessions=[found], purpose="view")  # shown with e-mail address
    context = {
        "session": found,
        "events": events,
        "reads": list(selectors.session_reads(actor, found)[:READS_LISTED]),
    }
    return render(request, "support/session.html", context)
