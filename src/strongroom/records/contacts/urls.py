"""Web pages of contacts, in the ``web`` namespace (paths start with ``c/<slug:slug>/``)."""

from django.urls import URLPattern, path

from strongroom.records.contacts.views import organisations, people

BASE = "c/<slug:slug>/contacts/"

urlpatterns: list[URLPattern] = [
    path(BASE, organisations.organisation_list, name="organisations"),
    path(f"{BASE}add/", organisations.organisation_add, name="organisation_add"),
    path(
        f"{BASE}<uuid:organisation_id>/", organisations.organisation_detail,
        name="organisation_detail",
    ),
    path(
        f"{BASE}<uuid:organisation_id>/edit/", organisations.organisation_edit,
        name="organisation_edit",
    ),
    path(
        f"{BASE}<uuid:organisation_id>/delete/", organisations.organisation_delete,
        name="organisation_delete",
    ),
    path(f"{BASE}<uuid:organisation_id>/people/add/", people.person_add, name="person_add"),
    path(f"{BASE}people/", people.person_list, name="people"),
    path(f"{BASE}people/<uuid:person_id>/", people.person_detail, name="person_detail"),
    path(f"{BASE}people/<uuid:person_id>/edit/", people.person_edit, name="person_edit"),
    path(f"{BASE}people/<uuid:person_id>/delete/", people.person_delete, name="person_delete"),
]
