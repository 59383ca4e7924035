"""The operator console's incident register (P-G3): the list with each breach clock, and an
incident's page: particulars, timeline, the scope and the companies it affected (counts only,
P-B4), each company's notice with its sendings, and publishing to the status page. Operators
only; everyone else gets 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access.actor import Actor
from strongroom.security import actions, incident_selectors
from strongroom.security.forms import (
    IncidentForm,
    IncidentOpenForm,
    MilestoneForm,
    NoticeForm,
    PublishForm,
    ScopeForm,
)
from strongroom.security.models import Incident
from strongroom.security.views.ops import _operator
from strongroom.web.actor import signed_in_view

LISTED = 200


@signed_in_view
def ops_incidents(request: HttpRequest) -> HttpResponse:
    """The register, newest first, each with its clock; and the form to open one."""
    actor = _operator(request)
    return _list(request, actor, IncidentOpenForm())


def _list(request: HttpRequest, actor: Actor, form: IncidentOpenForm, status: int = 200
          ) -> HttpResponse:
    rows = [(i, incident_selectors.clock(i))
            for i in incident_selectors.incidents(actor)[:LISTED]]
    return render(request, "security/ops_incidents.html", {"rows": rows, "form": form},
                  status=status)


@require_POST
@signed_in_view
def ops_incident_open(request: HttpRequest) -> HttpResponse:
    actor = _operator(request)
    form = IncidentOpenForm(request.POST)
    if form.is_valid():
        try:
            incident = actions.open_incident(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Incident {incident.reference} opened.")
            return redirect("web:ops_incident", incident_id=incident.pk)
    return _list(request, actor, form, status=400)


def _detail(request: HttpRequest, actor: Actor, incident: Incident, status: int = 200,
            **forms: Form) -> HttpResponse:
    values = {name: getattr(incident, name) for name in IncidentForm.base_fields}
    values["owner"] = incident.owner.email if incident.owner else ""
    notices = [(n, forms.get(f"notice_{n.pk}") or NoticeForm(initial={
        "subject": n.subject, "body": n.body,
    })) for n in incident.notices.all()]
    context: dict[str, Any] = {
        "incident": incident, "clock": incident_selectors.clock(incident),
        "affected": incident_selectors.affected(actor, incident), "notices": notices,
        "edit_form": forms.get("edit") or IncidentForm(initial=values),
        "milestone_form": forms.get("milestone") or MilestoneForm(),
        "scope_form": forms.get("scope") or ScopeForm(),
        "publish_form": forms.get("publish") or PublishForm(initial={"state": "investigating"}),
    }
    return render(request, "security/ops_incident.html", context, status=status)


@signed_in_view
def ops_incident(request: HttpRequest, incident_id: int) -> HttpResponse:
    actor = _operator(request)
    return _detail(request, actor, incident_selectors.incident(actor, incident_id))


def _post(
    request: HttpRequest, incident_id: int, form_class: type[Form], name: str,
    run: Callable[[Actor, Incident, dict[str, Any]], object], done: str,
) -> HttpResponse:
    """Validate ``form_class``, run the action, and come back to the incident's page."""
    actor = _operator(request)
    incident = incident_selectors.incident(actor, incident_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(actor, incident, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("web:ops_incident", incident_id=incident.pk)
    return _detail(request, actor, incident_selectors.incident(actor, incident_id), status=400,
                   **{name: form})


@require_POST
@signed_in_view
def ops_incident_edit(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _post(request, incident_id, IncidentForm, "edit", _edit, "Incident updated.")


def _edit(actor: Actor, incident: Incident, data: dict[str, Any]) -> object:
    owner = data.pop("owner")
    data["owner"] = incident_selectors.scope_subjects(actor, operator=owner).operator
    return actions.update_incident(actor=actor, incident=incident, values=data)


@require_POST
@signed_in_view
def ops_incident_milestone(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _post(request, incident_id, MilestoneForm, "milestone", lambda actor, incident, data: (
        actions.record_milestone(actor=actor, incident=incident, **data)
    ), "Timeline updated.")


def _scope(actor: Actor, incident: Incident, data: dict[str, Any]) -> object:
    subjects = incident_selectors.scope_subjects(
        actor, api_key=data["api_key"], user=data["user"], operator=data["operator"]
    )
    return actions.compute_scope(
        actor=actor, incident=incident, api_key=subjects.api_key, user=subjects.user,
        operator=subjects.operator, start=data["start"], end=data["end"],
    )


@require_POST
@signed_in_view
def ops_incident_scope(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _post(request, incident_id, ScopeForm, "scope", _scope,
                 "Affected companies computed; a notice is drafted for each.")


@require_POST
@signed_in_view
def ops_incident_publish(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _post(request, incident_id, PublishForm, "publish", lambda actor, incident, data: (
        actions.publish_incident(actor=actor, incident=incident, **data)
    ), "Published on the status page.")


@require_POST
@signed_in_view
def ops_notice(request: HttpRequest, incident_id: int, notice_id: int) -> HttpResponse:
    """Save the notice's text; with ``send`` in the form, then mail it to the owners."""
    actor = _operator(request)
    incident = incident_selectors.incident(actor, incident_id)
    notice = incident_selectors.notice(actor, incident, notice_id)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            if (notice.subject, notice.body) != (form.cleaned_data["subject"],
                                                 form.cleaned_data["body"]):
                notice = actions.edit_notice(actor=actor, notice=notice, **form.cleaned_data)
            if "send" in request.POST:
                sending = actions.send_notice(actor=actor, notice=notice)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if "send" in request.POST:
                messages.success(request, f"Notice to {notice.company.name} sent to "
                                 f"{len(sending.recipients)} owner(s).")
            else:
                messages.success(request, "Notice saved.")
            return redirect("web:ops_incident", incident_id=incident.pk)
    return _detail(request, actor, incident, status=400, **{f"notice_{notice.pk}": form})
