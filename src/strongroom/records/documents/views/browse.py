"""Documents: list, detail with versions, downloads."""

from __future__ import annotations

import uuid
from typing import cast

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.files.http import download_response
from strongroom.platform.files.upload import max_upload_bytes
from strongroom.platform.history.display import history_tab
from strongroom.records.documents import selectors, targets
from strongroom.records.documents.forms import DocumentFilterForm, VersionForm
from strongroom.records.documents.permissions import DOCUMENT_VIEW
from strongroom.web.actor import company_view

PER_PAGE = 50


def _type_choices(actor: Actor) -> list[tuple[str, str]]:
    return [(t.key, t.label) for t in targets.types() if policy.allows(actor, t.permission)]


@company_view
def document_list(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Documents, searchable, filtered by what they are attached to, sorted and paginated."""
    policy.require(actor, DOCUMENT_VIEW)
    form = DocumentFilterForm(request.GET or None, type_choices=_type_choices(actor))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    attached = filters.get("attached") or None
    found = selectors.documents(
        actor, q=filters.get("q", ""),
        target_type=targets.COMPANY if attached == "company" else attached,
        sort=filters.get("sort") or "-updated",
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    labels = targets.describe(
        actor, actor.company.slug, ((d.target_type, d.target_id) for d in page.object_list)
    )
    rows = [(d, labels.get((d.target_type, d.target_id))) for d in page.object_list]
    return render(
        request, "documents/documents.html",
        {"form": form, "page": page, "rows": rows, "filtered": any(filters.values())},
    )


@company_view
def document_detail(
    request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID
) -> HttpResponse:
    """A document, what it is attached to, and every version."""
    document = selectors.document(actor, document_id)
    labels = targets.describe(actor, actor.company.slug, [(document.target_type,
                                                          document.target_id)])
    return render(
        request, "documents/document_detail.html",
        {
            "document": document,
            "target": labels.get((document.target_type, document.target_id)),
            "versions": selectors.versions(actor, document),
            "version_form": VersionForm(),
            "max_upload_mb": max_upload_bytes() // (1024 * 1024),
            **history_tab(actor, document, permission=DOCUMENT_VIEW),
        },
    )


@company_view
def document_download(
    request: HttpRequest, actor: Actor, document_id: uuid.UUID, number: int | None = None
) -> HttpResponse:
    """The newest version's file, or version ``number``: an attachment, never inline."""
    document = selectors.document(actor, document_id)
    # A streaming response; company_view's type names the common case.
    return cast(HttpResponse, download_response(selectors.download(actor, document, number)))
