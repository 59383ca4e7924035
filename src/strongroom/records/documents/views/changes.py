"""Documents: upload, new versions, change, delete."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.files.upload import max_upload_bytes
from strongroom.platform.history.display import history_tab
from strongroom.records.documents import actions, selectors, targets
from strongroom.records.documents.forms import DocumentEditForm, DocumentUploadForm, VersionForm
from strongroom.records.documents.permissions import (
    DOCUMENT_DELETE,
    DOCUMENT_MANAGE,
    DOCUMENT_VIEW,
)
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown


def _detail(actor: CompanyActor, document_id: object) -> HttpResponse:
    return redirect("web:document_detail", slug=actor.company.slug, document_id=document_id)


@company_view
def document_add(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """Upload a document for the company or for a record (``?target_type=&target_id=``)."""
    policy.require(actor, DOCUMENT_MANAGE, actor.company)
    initial = {key: request.GET.get(key, "") for key in ("target_type", "target_id")}
    form = DocumentUploadForm(request.POST or None, request.FILES or None, initial=initial)
    target = None
    try:
        target = targets.resolve(actor, initial["target_type"], initial["target_id"] or None)
    except ValidationError:
        form.add_error(None, "The record to attach to does not exist or you cannot see it.")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form=form):
            document = actions.create_document(
                actor=actor, upload=data["file"], title=data["title"],
                description=data["description"], target_type=data["target_type"],
                target_id=data["target_id"] or None, note=data["note"],
            )
            messages.success(request, f"Uploaded {document.title}.")
            return _detail(actor, document.pk)
    described = targets.describe(
        actor, actor.company.slug,
        [(targets.key_of(target), target.pk)] if target is not None else [],
    )
    target_label = described.get((targets.key_of(target), target.pk)) if target else None
    return render(
        request, "documents/document_add.html",
        {"form": form, "target": target_label,
         "max_upload_mb": max_upload_bytes() // (1024 * 1024)},
    )


@require_POST
@company_view
def version_add(request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID) -> HttpResponse:
    """Upload a new version of a document."""
    document = selectors.document(actor, document_id)
    policy.require(actor, DOCUMENT_MANAGE, document)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        with refusal_shown(form=form):
            version = actions.add_document_version(
                actor=actor, document=document, upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, f"Uploaded version {version.number}.")
            return _detail(actor, document.pk)
    return render(
        request, "documents/document_detail.html",
        {"document": document, "versions": selectors.versions(actor, document),
         "version_form": form, "max_upload_mb": max_upload_bytes() // (1024 * 1024),
         **history_tab(actor, document, permission=DOCUMENT_VIEW)},
    )


@company_view
def document_edit(
    request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID
) -> HttpResponse:
    """Change a document's title and description; delete it from the danger zone."""
    document = selectors.document(actor, document_id)
    policy.require(actor, DOCUMENT_MANAGE, document)
    initial = {"title": document.title, "description": document.description}
    form = DocumentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form):
            actions.update_document(actor=actor, document=document, **form.cleaned_data)
            messages.success(request, "Saved.")
            return _detail(actor, document.pk)
    return render(
        request, "documents/document_edit.html",
        {"form": form, "document": document,
         "can_delete": policy.allows(actor, DOCUMENT_DELETE, document)},
    )


@require_POST
@company_view
def document_delete(
    request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID
) -> HttpResponse:
    """Delete a document and the stored bytes of every version."""
    document = selectors.document(actor, document_id)
    title = document.title
    with refusal_shown(request):
        actions.delete_document(actor=actor, document=document)
        messages.success(request, f"Deleted {title} and all its versions.")
        return redirect("web:documents", slug=actor.company.slug)
    return redirect("web:document_detail", slug=actor.company.slug, document_id=document.pk)


@require_POST
@company_view
def version_delete(
    request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID, number: int
) -> HttpResponse:
    """Delete one version of a document (not the only one)."""
    document = selectors.document(actor, document_id)
    version = selectors.version(actor, document, number)
    with refusal_shown(request):
        actions.delete_document_version(actor=actor, version=version)
        messages.success(request, f"Deleted version {number}.")
    return _detail(actor, document.pk)
