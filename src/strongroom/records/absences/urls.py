"""Web pages of absences, in the ``web`` namespace (paths start with ``c/<slug:slug>/``)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
