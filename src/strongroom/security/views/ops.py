"""The operator console's findings register (P-G2): list, detail, accepting an exception and
resolving a finding; and the compliance report (P-G8). Operators only; everyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.security import actions, compliance_report, selectors
from strongroom.security.forms import AcceptExceptionForm, ResolveForm
from strongroom.security.models import Finding, Status
from strongroom.web.actor import platform_actor, signed_in_view


def _operator(request: HttpRequest) -> Actor:
    actor = platform_actor(request)
    policy.require(actor, PLATFORM_VIEW)
    return actor


@signed_in_view
def ops_findings(request: HttpRequest) -> HttpResponse:
    """The register, due first; ``?status=`` narrows it."""
    actor = _operator(request)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    context = {
        "findings": list(selectors.findings(actor, status=status or None)[:500]),
        "status": status, "statuses": Status.choices, "now": timezone.now(),
        "last_scan": selectors.last_scan(actor),
    }
    return render(request, "security/ops_findings.html", context)


def _detail(
    request: HttpRequest, finding: Finding, *, accept: AcceptExceptionForm | None = None,
    resolve: ResolveForm | None = None, status: int = 200,
) -> HttpResponse:
    context = {
        "finding": finding, "now": timezone.now(),
        "accept_form": accept or AcceptExceptionForm(), "resolve_form": resolve or ResolveForm(),
    }
    return render(request, "security/ops_finding.html", context, status=status)


@signed_in_view
def ops_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    return _detail(request, selectors.finding(_operator(request), finding_id))


@require_POST
@signed_in_view
def ops_finding_accept(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Accept the risk until a date (at most a year ahead)."""
    actor = _operator(request)
    finding = selectors.finding(actor, finding_id)
    form = AcceptExceptionForm(request.POST)
    if form.is_valid():
        try:
            actions.accept_exception(actor=actor, finding=finding, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Exception accepted.")
            return redirect("web:ops_finding", finding_id=finding.pk)
    return _detail(request, finding, accept=form, status=400)


@require_POST
@signed_in_view
def ops_finding_resolve(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Mark a finding fixed, saying how."""
    actor = _operator(request)
    finding = selectors.finding(actor, finding_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        actions.resolve_finding(actor=actor, finding=finding, **form.cleaned_data)
        messages.success(request, "Finding resolved.")
        return redirect("web:ops_finding", finding_id=finding.pk)
    return _detail(request, finding, resolve=form, status=400)


@signed_in_view
def ops_compliance(request: HttpRequest) -> HttpResponse:
    """Every promise's live check, run now (P-G8)."""
    report = compliance_report.build(_operator(request))
    context = {"report": report, "rows": compliance_report.rows(report)}
    return render(request, "security/ops_compliance.html", context)
