"""Absence types: list, add, change, add the standard set."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.records.absences import selectors
from strongroom.records.absences.actions import types as type_actions
from strongroom.records.absences.forms import AbsenceTypeForm
from strongroom.records.absences.models import AbsenceType
from strongroom.records.absences.permissions import ABSENCE_MANAGE, ABSENCE_VIEW
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown


@company_view
def type_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The absence types the company offers."""
    policy.require(actor, ABSENCE_VIEW)
    return render(request, "absences/types.html", {"types": selectors.absence_types(actor)})


def _save(
    request: HttpRequest, actor: CompanyActor, absence_type: AbsenceType | None
) -> HttpResponse:
    initial: dict[str, object] = {"needs_approval": True, "is_active": True}
    if absence_type is not None:
        initial = {
            "name": absence_type.name, "category": absence_type.category,
            "needs_approval": absence_type.needs_approval, "is_active": absence_type.is_active,
            "yearly_entitlement": absence_type.yearly_entitlement,
        }
    form = AbsenceTypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form=form):
            if absence_type is None:
                type_actions.create_absence_type(
                    actor=actor, name=data["name"], category=data["category"],
                    needs_approval=data["needs_approval"],
                    yearly_entitlement=data["yearly_entitlement"],
                )
            else:
                type_actions.update_absence_type(actor=actor, absence_type=absence_type, **data)
            messages.success(request, f"Absence type {data['name']} saved.")
            return redirect("web:absence_types", slug=actor.company.slug)
    return render(request, "absences/type_form.html", {"form": form,
                                                       "absence_type": absence_type})


@company_view
def type_add(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Offer a new absence type."""
    policy.require(actor, ABSENCE_MANAGE, actor.company)
    return _save(request, actor, None)


@company_view
def type_edit(request: HttpRequest, actor: CompanyActor, type_id: uuid.UUID) -> HttpResponse:
    """Change an absence type."""
    absence_type = selectors.absence_type(actor, type_id)
    policy.require(actor, ABSENCE_MANAGE, absence_type)
    return _save(request, actor, absence_type)


@require_POST
@company_view
def type_standard(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Add the standard types the company lacks."""
    created = type_actions.add_standard_absence_types(actor=actor)
    messages.success(request, f"Added {len(created)} standard type(s).")
    return redirect("web:absence_types", slug=actor.company.slug)
