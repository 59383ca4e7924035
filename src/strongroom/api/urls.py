"""The API under /api/v1/ (URL namespace ``api-1.0.0``)."""

from django.urls import path

from strongroom.api.api import api

urlpatterns = [path("", api.urls)]
