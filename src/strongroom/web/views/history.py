"""History tabs of records (P-D1) and the company access log (P-G4)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.history import selectors as history_selectors
from strongroom.platform.history.display import history_tab
from strongroom.platform.history.permissions import ACCESS_LOG_VIEW
from strongroom.platform.history.read_log import note_people_named
from strongroom.platform.tenancy import selectors
from strongroom.platform.tenancy.permissions import MEMBER_VIEW, ROLE_VIEW
from strongroom.web.actor import company_view
from strongroom.web.forms import AccessFilterForm
from strongroom.web.list_export import export_format, list_download
from strongroom.web.views.audit import filter_members

PER_PAGE = 50
ACCESS_COLUMNS = (
    ("When", lambda r: r.occurred_at), ("Who", lambda r: r.actor_name),
    ("E-mail", lambda r: r.actor_email), ("Support operator", lambda r: r.support_name),
    ("Channel", lambda r: r.channel), ("Credential", lambda r: r.credential),
    ("Address", lambda r: r.ip), ("Purpose", lambda r: r.purpose),
    ("Record type", lambda r: r.object_type), ("Record id", lambda r: r.object_id),
)


def render_history(
    request: HttpRequest, actor: Actor, obj: models.Model, *, permission: str, title: str,
    back_url: str,
) -> HttpResponse:
    """A record's History tab as a page of its own: any record page can link to one."""
    context = history_tab(actor, obj, permission=permission)
    context.update(title=title, back_url=back_url)
    return render(request, "web/record_history.html", context)


@company_view
def member_history(request: HttpRequest, actor: CompanyActor, membership_id: int) -> HttpResponse:
    """Every change to one membership: role, tags, joining and leaving."""
    membership = selectors.member(actor, membership_id)
    return render_history(
        request, actor, membership, permission=MEMBER_VIEW,
        title=membership.user.display_name,
        back_url=reverse("web:members", kwargs={"slug": actor.company.slug}),
    )


@company_view
def role_history(request: HttpRequest, actor: CompanyActor, role_id: int) -> HttpResponse:
    """Every change to one custom role: its name and permissions."""
    role = selectors.custom_role(actor, role_id)
    return render_history(
        request, actor, role, permission=ROLE_VIEW, title=role.name,
        back_url=reverse("web:roles", kwargs={"slug": actor.company.slug}),
    )


@company_view
def access_log(request: HttpRequest, actor: Actor) -> HttpResponseBase:
    """Who read which records, when, from where; newest first."""
    policy.require(actor, ACCESS_LOG_VIEW)
    form = AccessFilterForm(request.GET or None, members=filter_members(actor))
    filters: dict[str, object] = {}
    if form.is_bound and form.is_valid():
        filters = form.filters()
    reads = history_selectors.access_reads(actor, **filters)  # type: ignore[arg-type]
    if kind := export_format(request):
        return list_download(
            actor, kind, name="access-log", columns=ACCESS_COLUMNS, rows=reads,
            note=lambda who, chunk: note_people_named(who, chunk, purpose="export"),
        )
    page = Paginator(reads, PER_PAGE).get_page(request.GET.get("page"))
    note_people_named(actor, page.object_list)  # the readers, by name and e-mail address
    return render(request, "web/access_log.html", {
        "form": form, "page": page, "filtered": bool(filters), "list_export": True,
    })
