"""The company audit log, filtered and paginated."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.display import audit_field_changes
from strongroom.platform.history.read_log import note_people_named, note_reads
from strongroom.platform.history.selectors import audit_events
from strongroom.platform.tenancy import selectors
from strongroom.platform.tenancy.models import Membership
from strongroom.platform.tenancy.permissions import AUDIT_VIEW, MEMBER_VIEW
from strongroom.web.actor import company_view
from strongroom.web.forms import AuditFilterForm
from strongroom.web.list_export import export_format, list_download

PER_PAGE = 50
AUDIT_COLUMNS = (
    ("When", lambda e: e.occurred_at), ("Who", lambda e: e.actor_name),
    ("E-mail", lambda e: e.actor_email), ("Support operator", lambda e: e.support_name),
    ("Channel", lambda e: e.channel), ("Address", lambda e: e.ip),
    ("Event", lambda e: e.type.label), ("Record type", lambda e: e.object_type),
    ("Record", lambda e: e.object_repr), ("Record id", lambda e: e.object_id),
    ("Sequence", lambda e: e.sequence),
)


def filter_members(actor: Actor) -> list[Membership]:
    """The people a log page can be filtered by: every member, past ones too. The choices show
    their e-mail addresses, so they are noted in the access log."""
    if not policy.allows(actor, MEMBER_VIEW):
        return []
    members = list(selectors.members(actor, include_inactive=True))
    note_reads(actor, members, purpose="list")
    return members


@company_view
def audit_log(request: HttpRequest, actor: Actor) -> HttpResponseBase:
    """Who did what, when and through which channel; newest first."""
    policy.require(actor, AUDIT_VIEW)
    form = AuditFilterForm(request.GET or None, members=filter_members(actor))
    filters: dict[str, object] = {}
    if form.is_bound and form.is_valid():
        filters = form.filters()
    events = audit_events(actor, **filters)  # type: ignore[arg-type]
    if kind := export_format(request):
        return list_download(
            actor, kind, name="audit-log", columns=AUDIT_COLUMNS, rows=events,
            note=lambda who, chunk: note_people_named(who, chunk, purpose="export"),
        )
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(event, audit_field_changes(event)) for event in page.object_list]
    note_people_named(actor, page.object_list)
    return render(
        request,
        "web/audit.html",
        {"form": form, "page": page, "rows": rows, "filtered": bool(filters),
         "list_export": True},
    )
