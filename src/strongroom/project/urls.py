"""Top-level URL map: the web pages of every app (namespace ``web``) and the API.
Django's admin is deliberately not mounted (see docs/architecture.md)."""

from django.urls import include, path

from strongroom.project.api import api
from strongroom.web.urls import urlpatterns as web_pages

APP_PAGES = (  # each app's pages, under the web namespace
    "strongroom.identity.company_urls",
    "strongroom.records.contacts.urls",
    "strongroom.records.documents.urls",
    "strongroom.records.approvals.urls",
    "strongroom.records.absences.urls",
    "strongroom.records.expenses.urls",
    "strongroom.records.invoices.urls",
    "strongroom.support.urls",
    "strongroom.security.urls",
)

urlpatterns = [
    path("accounts/", include("strongroom.identity.urls")),  # before allauth: extends it
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("", include(([*web_pages, *(path("", include(app)) for app in APP_PAGES)], "web"))),
]

handler400 = "strongroom.project.handlers.bad_request"
handler404 = "strongroom.project.handlers.page_not_found"
handler429 = "strongroom.project.handlers.too_many_requests"
