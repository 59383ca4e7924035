"""The absence calendar, balances and entitlements."""

from __future__ import annotations

import calendar as cal
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.tenancy import selectors as tenancy_selectors
from strongroom.records.absences import days as absence_days
from strongroom.records.absences import selectors
from strongroom.records.absences.actions import types as type_actions
from strongroom.records.absences.forms import EntitlementForm
from strongroom.records.absences.models import Category
from strongroom.records.absences.permissions import ABSENCE_MANAGE, ABSENCE_VIEW
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown

# The colours of the calendar's marks, in the legend's order.
LEGEND = (*Category.choices, ("away", "Away (a colleague)"))


@dataclass(frozen=True)
class CalendarDay:
    """A column of the calendar."""

    date: dt.date
    free: bool  # a weekend or a public holiday
    holiday: str  # its name, if a public holiday
    today: bool


def _month(value: str) -> tuple[int, int]:
    """``2026-07`` -> (2026, 7); this month when missing or malformed."""
    try:
        year, month = (int(part) for part in value.split("-", 1))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    today = timezone.localdate()
    return today.year, today.month


@company_view
def absence_calendar(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """A month: who is away on which day, with weekends, the company country's public holidays
    and today marked, and a legend of the colours shown."""
    policy.require(actor, ABSENCE_VIEW)
    year, month = _month(request.GET.get("month", ""))
    entries = selectors.calendar(actor, year, month)
    holidays = absence_days.public_holidays(actor.company.country, year)
    today = timezone.localdate()
    days = [
        CalendarDay(
            date=day, free=not absence_days.is_working_day(day, actor.company.country),
            holiday=holidays.get(day, ""), today=day == today,
        )
        for day in (dt.date(year, month, d) for d in range(1, cal.monthrange(year, month)[1] + 1))
    ]
    rows: dict[int, dict[str, Any]] = {}
    for entry in entries:
        row = rows.setdefault(entry.member.pk, {"member": entry.member, "cells": []})
        row["cells"] = row["cells"] or [(None, day) for day in days]
        row["cells"] = [
            (entry if entry.start_date <= day.date <= entry.end_date else shown, day)
            for shown, day in row["cells"]
        ]
    first = dt.date(year, month, 1)
    previous = first - dt.timedelta(days=1)
    following = first + dt.timedelta(days=32)
    shown_categories = {entry.category for entry in entries}
    return render(request, "absences/calendar.html", {
        "days": days, "rows": list(rows.values()), "month": first,
        "holidays": [day for day in days if day.holiday],
        "legend": [(key, label) for key, label in LEGEND if key in shown_categories],
        "previous": f"{previous.year}-{previous.month:02d}",
        "next": f"{following.year}-{following.month:02d}",
    })


@company_view
def absence_balances(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Balances for a year: one's own, or everyone's with absence.view_all; entitlements."""
    policy.require(actor, ABSENCE_VIEW)
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    year = year if 2000 <= year <= 2100 else timezone.localdate().year
    types = list(selectors.absence_types(actor))
    everyone = selectors.sees_everyone(actor)
    members = list(tenancy_selectors.members(actor)) if everyone else []
    if not everyone and actor.membership is not None and actor.membership.pk:
        members = [actor.membership]
    form = None
    if policy.allows(actor, ABSENCE_MANAGE):
        form = EntitlementForm(request.POST or None, types=types, members=members,
                               initial={"year": year})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            with refusal_shown(form=form):
                type_actions.set_entitlement(
                    actor=actor, member=tenancy_selectors.member(actor, int(data["member"])),
                    absence_type=selectors.absence_type(actor, data["absence_type"]),
                    year=data["year"], days=data["days"],
                )
                messages.success(request, "Entitlement saved.")
                return redirect(f"{request.path}?year={data['year']}")
    elif request.method == "POST":
        policy.require(actor, ABSENCE_MANAGE, actor.company)
    rows = [(member, selectors.balances(actor, member, year)) for member in members]
    return render(request, "absences/balances.html", {
        "rows": rows, "types": types, "year": year, "form": form,
    })
