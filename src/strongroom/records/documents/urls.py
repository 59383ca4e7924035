"""Web pages of documents, in the ``web`` namespace (paths start with ``c/<slug:slug>/``)."""

from django.urls import URLPattern, path

from strongroom.records.documents.views import browse, changes

BASE = "c/<slug:slug>/documents/"
ONE = f"{BASE}<uuid:document_id>/"

urlpatterns: list[URLPattern] = [
    path(BASE, browse.document_list, name="documents"),
    path(f"{BASE}add/", changes.document_add, name="document_add"),
    path(ONE, browse.document_detail, name="document_detail"),
    path(f"{ONE}download/", browse.document_download, name="document_download"),
    path(f"{ONE}edit/", changes.document_edit, name="document_edit"),
    path(f"{ONE}delete/", changes.document_delete, name="document_delete"),
    path(f"{ONE}versions/", changes.version_add, name="document_version_add"),
    path(
        f"{ONE}versions/<int:number>/download/", browse.document_download,
        name="document_version_download",
    ),
    path(
        f"{ONE}versions/<int:number>/delete/", changes.version_delete,
        name="document_version_delete",
    ),
]
