"""Absence requests: the list, asking for one, one absence, withdraw or cancel, its note."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.history.display import history_tab
from strongroom.platform.history.read_log import note_read
from strongroom.platform.tenancy import selectors as tenancy_selectors
from strongroom.platform.tenancy.models import Membership
from strongroom.records.absences import selectors
from strongroom.records.absences.actions import requests
from strongroom.records.absences.forms import AbsenceFilterForm, AbsenceForm, NoteForm
from strongroom.records.absences.models import Absence, Category
from strongroom.records.absences.permissions import (
    ABSENCE_MANAGE,
    ABSENCE_REQUEST,
    ABSENCE_VIEW,
)
from strongroom.records.approvals import selectors as approval_selectors
from strongroom.web.actor import company_view
from strongroom.web.list_export import export_format, list_download
from strongroom.web.refusals import refusal_shown

PAGE_SIZE = 50
ABSENCE_COLUMNS = (
    ("Member", lambda a: a.member.user.display_name), ("Type", lambda a: a.absence_type.name),
    ("Start", lambda a: a.start_date), ("From the afternoon", lambda a: a.start_half),
    ("End", lambda a: a.end_date), ("Until the morning", lambda a: a.end_half),
    ("Days", lambda a: a.days), ("Status", lambda a: a.get_status_display()),
    ("Id", lambda a: a.pk),
)


def _members(actor: Actor) -> list[Membership] | None:
    """Everyone, for those who see everyone's absences; None otherwise."""
    return list(tenancy_selectors.members(actor)) if selectors.sees_everyone(actor) else None


@company_view
def absence_list(request: HttpRequest, actor: Actor) -> HttpResponseBase:
    """Absences the actor may see, with their own balances for the year."""
    policy.require(actor, ABSENCE_VIEW)
    types = list(selectors.absence_types(actor))
    form = AbsenceFilterForm(request.GET or None, types=types, members=_members(actor))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or timezone.localdate().year
    queryset = selectors.absences(
        actor, member_id=int(data["member"]) if data.get("member") else None,
        status=data.get("status", ""), type_id=data.get("absence_type") or None,
        year=data.get("year"), sort=data.get("sort") or "-start",
    )
    if kind := export_format(request):
        return list_download(actor, kind, name="absences", columns=ABSENCE_COLUMNS, rows=queryset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    own = actor.membership
    balances = (
        [b for b in selectors.balances(actor, own, year) if b.entitlement is not None]
        if own is not None and own.pk else []
    )
    return render(request, "absences/list.html", {
        "form": form, "page": page, "balances": balances, "year": year, "list_export": True,
    })


@company_view
def absence_request(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Ask for an absence (admins also for someone else)."""
    policy.require(actor, ABSENCE_REQUEST, actor.company)
    types = list(selectors.absence_types(actor, active_only=True))
    members = list(tenancy_selectors.members(actor)) if policy.allows(actor, ABSENCE_MANAGE) \
        else None
    vacation = next((t for t in types if t.category == Category.VACATION), None)
    form = AbsenceForm(
        request.POST or None, types=types, members=members,
        initial={"absence_type": str(vacation.pk)} if vacation is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form=form):
            absence = requests.request_absence(
                actor=actor, absence_type=selectors.absence_type(actor, data["absence_type"]),
                start_date=data["start_date"], end_date=data["end_date"],
                start_half=data["start_half"], end_half=data["end_half"], note=data["note"],
                member=tenancy_selectors.member(actor, int(data["member"]))
                if data.get("member") else None,
            )
            messages.success(request, f"Requested: {absence.days.normalize():f} working days.")
            return redirect("web:absence_detail", slug=actor.company.slug, absence_id=absence.pk)
    own = actor.membership
    balances = [
        balance for balance in selectors.balances(actor, own, timezone.localdate().year)
        if balance.entitlement is not None
    ] if own is not None and own.pk else []
    return render(request, "absences/request.html", {
        "form": form, "types": types, "balances": balances,
    })


def _may_change(actor: Actor, absence: Absence) -> bool:
    return policy.allows(actor, ABSENCE_MANAGE, absence) or policy.allows(
        actor, ABSENCE_REQUEST, absence
    )


@company_view
def absence_detail(request: HttpRequest, actor: Actor, absence_id: uuid.UUID) -> HttpResponse:
    """One absence: dates, days, status, note and its approval."""
    absence = selectors.absence(actor, absence_id)
    if absence.note:
        note_read(actor, absence, purpose="view")
    approval = approval_selectors.for_records(actor, "absence", [absence.pk]).get(str(absence.pk))
    return render(request, "absences/detail.html", {
        "absence": absence, "approval": approval, "may_change": _may_change(actor, absence),
        "note_form": NoteForm(initial={"note": absence.note}),
        **history_tab(actor, absence, permission=ABSENCE_VIEW),
    })


@require_POST
@company_view
def absence_cancel(
    request: HttpRequest, actor: CompanyActor, absence_id: uuid.UUID
) -> HttpResponse:
    """Withdraw a pending request or cancel an approved absence."""
    absence = selectors.absence(actor, absence_id)
    with refusal_shown(request):
        absence = requests.cancel_absence(actor=actor, absence=absence)
        messages.success(request, f"Absence {absence.get_status_display().lower()}.")
    return redirect("web:absence_detail", slug=actor.company.slug, absence_id=absence.pk)


@require_POST
@company_view
def absence_note(request: HttpRequest, actor: CompanyActor, absence_id: uuid.UUID) -> HttpResponse:
    """Replace the absence's note."""
    absence = selectors.absence(actor, absence_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        with refusal_shown(request):
            requests.change_absence_note(
                actor=actor, absence=absence, note=form.cleaned_data["note"]
            )
            messages.success(request, "Note saved.")
    else:
        messages.error(request, "The note is too long (at most 2000 characters).")
    return redirect("web:absence_detail", slug=actor.company.slug, absence_id=absence.pk)
