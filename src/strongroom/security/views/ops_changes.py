"""The operator console's change log (P-G6): every change, newest first, filtered by kind, and
the form to record a planned change with its review note. Operators only; everyone else 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.security import actions, change_selectors
from strongroom.security.forms import PlanChangeForm
from strongroom.security.models import ChangeKind
from strongroom.security.views.ops import _operator
from strongroom.web.actor import signed_in_view


def _page(request: HttpRequest, form: PlanChangeForm | None = None, status: int = 200
          ) -> HttpResponse:
    actor = _operator(request)
    kind = request.GET.get("kind", "")
    if kind not in ChangeKind.values:
        kind = ""
    context = {
        "entries": change_selectors.changes(actor, kind=kind or None), "kind": kind,
        "kinds": ChangeKind.choices, "form": form or PlanChangeForm(),
    }
    return render(request, "security/ops_changes.html", context, status=status)


@signed_in_view
def ops_changes(request: HttpRequest) -> HttpResponse:
    """The change log; ``?kind=`` narrows it."""
    return _page(request)


@require_POST
@signed_in_view
def ops_change_plan(request: HttpRequest) -> HttpResponse:
    """Record a planned change with its review note."""
    actor = _operator(request)
    form = PlanChangeForm(request.POST)
    if form.is_valid():
        try:
            actions.plan_change(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Planned change recorded.")
            return redirect("web:ops_changes")
    return _page(request, form, status=400)
