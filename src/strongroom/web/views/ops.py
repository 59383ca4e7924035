"""The operator console: platform health for operators, never company data (P-B4)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from strongroom.platform.access import policy
from strongroom.platform.tenancy.permissions import PLATFORM_VIEW
from strongroom.platform.tenancy.selectors_platform import operator_companies
from strongroom.web.actor import platform_actor, signed_in_view

JOB_RUNS = 50


@signed_in_view
def ops_home(request: HttpRequest) -> HttpResponse:
    """Companies (as tenants only) and recent job runs. Everyone but operators gets 404."""
    actor = platform_actor(request)
    policy.require(actor, PLATFORM_VIEW)
    job_runs: list[Any] | None
    try:
        from strongroom.platform.jobs.selectors import (  # type: ignore[import-not-found,unused-ignore]
            recent_job_runs,
        )
    except ImportError:
        job_runs = None
    else:
        job_runs = list(recent_job_runs(actor, limit=JOB_RUNS))
    context = {"companies": operator_companies(actor), "job_runs": job_runs}
    return render(request, "web/ops_home.html", context)
