"""The operator console: platform health for operators, never company data (P-B4)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from strongroom.platform.access import policy
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.backups.selectors import backup_runs, drill_runs
from strongroom.platform.backups.status import status_document
from strongroom.platform.jobs.selectors import job_schedule, recent_job_runs
from strongroom.platform.keys.status import key_status
from strongroom.platform.lifecycle.selectors import termination_certificate
from strongroom.platform.tenancy.selectors import operator_companies
from strongroom.web.actor import platform_actor, signed_in_view

JOB_RUNS = 50
BACKUP_RUNS = 20


@signed_in_view
def ops_home(request: HttpRequest) -> HttpResponse:
    """Companies (as tenants only) and recent job runs. Everyone but operators gets 404."""
    actor = platform_actor(request)
    policy.require(actor, PLATFORM_VIEW)
    context = {
        "companies": operator_companies(actor),
        "schedule": job_schedule(actor),
        "job_runs": list(recent_job_runs(actor, limit=JOB_RUNS)),
    }
    return render(request, "web/ops_home.html", context)


@signed_in_view
def ops_keys(request: HttpRequest) -> HttpResponse:
    """Key versions, states and ages (P-C3): ids and dates only, never material or subjects."""
    actor = platform_actor(request)
    return render(request, "web/ops_keys.html", {"status": key_status(actor)})


@signed_in_view
def ops_backups(request: HttpRequest) -> HttpResponse:
    """Backups per location, recent runs and restore drills (P-F1, P-F3): no record data."""
    actor = platform_actor(request)
    context = {
        "status": status_document(actor),
        "runs": list(backup_runs(actor, limit=BACKUP_RUNS)),
        "drills": list(drill_runs(actor, limit=BACKUP_RUNS)),
    }
    return render(request, "web/ops_backups.html", context)


@signed_in_view
def ops_termination_certificate(request: HttpRequest, slug: str) -> HttpResponse:
    """A terminated company's certificate, as issued (JSON). Everyone but operators gets 404."""
    actor = platform_actor(request)
    policy.require(actor, PLATFORM_VIEW)
    certificate = termination_certificate(actor, slug)
    response = HttpResponse(certificate.document, content_type="application/json")
    response["Content-Disposition"] = content_disposition_header(
        True, f"termination-certificate-{certificate.company.slug}.json"
    ) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
