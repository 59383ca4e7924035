"""The company dashboard and its settings."""

from __future__ import annotations

import calendar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.selectors import audit_events
from strongroom.platform.tenancy import actions, selectors
from strongroom.platform.tenancy.permissions import (
    AUDIT_VIEW,
    COMPANY_MANAGE,
    COMPANY_VIEW,
    MEMBER_VIEW,
)
from strongroom.platform.tenancy.reference import REGIONS
from strongroom.web import dashboard as dashboard_cards
from strongroom.web.actor import company_view
from strongroom.web.forms import CompanySettingsForm
from strongroom.web.refusals import refusal_shown

RECENT_EVENTS = 10


def _role_label(actor: Actor) -> str:
    if actor.membership is not None:
        return actor.membership.role_label
    suffix = f" (through {actor.via_group.name})" if actor.via_group is not None else ""
    return f"{actor.role.capitalize()}{suffix}"


@company_view
def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The company at a glance: what waits for you (each app's cards), your role, its
    members, recent activity and settings."""
    policy.require(actor, COMPANY_VIEW)
    company = actor.company
    assert company is not None  # noqa: S101
    context = {
        "role_label": _role_label(actor),
        "member_count": (
            selectors.members(actor).count() if policy.allows(actor, MEMBER_VIEW) else None
        ),
        "recent_events": (
            list(audit_events(actor)[:RECENT_EVENTS]) if policy.allows(actor, AUDIT_VIEW) else None
        ),
        "cards": dashboard_cards.cards_for(request, actor),
        "region_label": REGIONS.get(company.region, company.region),
        "fiscal_year_end": (
            f"{company.fiscal_year_end_day} {calendar.month_name[company.fiscal_year_end_month]}"
        ),
    }
    return render(request, "web/dashboard.html", context)


@company_view
def company_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Change the company's name, country, region, currency and fiscal year end."""
    company = actor.company
    assert company is not None  # noqa: S101
    policy.require(actor, COMPANY_MANAGE, company)
    if request.method == "POST":
        form = CompanySettingsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            with refusal_shown(form=form, aliases={"fiscal_year_end": "fiscal_year_end_day"}):
                actions.update_company(
                    actor=actor,
                    company=company,
                    name=data["name"],
                    country=data["country"],
                    region=data["region"],
                    currency=data["currency"],
                    fiscal_year_end=(data["fiscal_year_end_month"], data["fiscal_year_end_day"]),
                )
                messages.success(request, "Company settings saved.")
                return redirect("web:dashboard", slug=company.slug)
    else:
        form = CompanySettingsForm(
            initial={
                "name": company.name,
                "country": company.country,
                "region": company.region,
                "currency": company.currency,
                "fiscal_year_end_month": company.fiscal_year_end_month,
                "fiscal_year_end_day": company.fiscal_year_end_day,
            }
        )
    return render(request, "web/company_settings.html", {"form": form})
