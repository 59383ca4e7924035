"""Web pages of support access, in the ``web`` namespace: the company's page under
``c/<slug:slug>/support/`` and the operator console's under ``ops/support/``."""

from django.urls import path

from strongroom.support.views import company, ops

urlpatterns = [
    path("c/<slug:slug>/support/", company.support_access, name="support_access"),
    path(
        "c/<slug:slug>/support/grants/<int:grant_id>/revoke/",
        company.support_grant_revoke,
        name="support_grant_revoke",
    ),
    path(
        "c/<slug:slug>/support/sessions/<int:session_id>/",
        company.support_session,
        name="support_session",
    ),
    path("ops/support/", ops.ops_support, name="ops_support"),
    path("ops/support/start/", ops.ops_support_start, name="ops_support_start"),
    path("ops/support/end/", ops.ops_support_end, name="ops_support_end"),
]
