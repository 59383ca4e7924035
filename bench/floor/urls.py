"""The floor's URLs (see bench/_scenarios.FLOOR)."""

from django.urls import URLPattern, path

from bench.floor import views

urlpatterns: list[URLPattern] = [
    path("people", views.people),
    path("people/<uuid:person_id>", views.person),
    path("invoices", views.invoices),
]
