"""Top-level URL map. Django's admin is deliberately not mounted (see docs/architecture.md)."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("strongroom.identity.urls")),  # before allauth: extends it
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("strongroom.api.urls")),
    path("", include("strongroom.web.urls")),
]

handler404 = "strongroom.project.handlers.page_not_found"
handler429 = "strongroom.project.handlers.too_many_requests"
