"""Public pages of security operations (P-G1): security.txt and the report form."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from strongroom.platform.access.actor import Actor, Channel
from strongroom.platform.tenancy.middleware import client_ip
from strongroom.security.actions import report_vulnerability
from strongroom.security.forms import ReportForm
from strongroom.security.permissions import SECURITY_REPORT
from strongroom.security.securitytxt import security_txt as security_txt_text

RATE_LIMIT_ACTION = "vulnerability_report"  # ACCOUNT_RATE_LIMITS, like the sign-in forms


@require_GET
@cache_control(max_age=3600, public=True)
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116's file, plain UTF-8 text."""
    text = security_txt_text(
        report_url=request.build_absolute_uri(reverse("web:security_report")),
        canonical_url=request.build_absolute_uri(reverse("web:security_txt")),
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def _reporter(request: HttpRequest) -> Actor:
    """Whoever sends the form: may report, nothing else."""
    return Actor(
        user=None, channel=Channel.WEB, credential="vulnerability report", platform=True,
        permissions=frozenset({SECURITY_REPORT}), ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", "")[:400],
        request_id=getattr(request, "request_id", ""),
    )


def security_report(request: HttpRequest) -> HttpResponse:
    """Report a vulnerability: recorded in the findings register and acknowledged by mail."""
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        limited = ratelimit.consume_or_429(request, action=RATE_LIMIT_ACTION)
        if limited is not None:
            return limited
        if form.is_valid():
            finding = report_vulnerability(
                actor=_reporter(request), email=form.cleaned_data["email"],
                component=form.cleaned_data["component"],
                description=form.cleaned_data["description"],
            )
            messages.success(request, f"Thank you: your report is recorded as R-{finding.pk}. "
                             "An acknowledgement is on its way to you.")
            return redirect("web:security_report")
    status = 400 if request.method == "POST" else 200
    return render(request, "security/report.html", {"form": form}, status=status)
