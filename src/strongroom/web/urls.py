"""URLs of the web shell's own pages; project/urls.py adds each app's under the same ``web``
namespace. Every company page lives under /c/<slug>/."""

from django.urls import path

from strongroom.web.views import (
    apikeys,
    audit,
    company,
    history,
    home,
    legal_holds,
    members,
    ops,
    roles,
    search,
    security,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", home.health, name="health"),
    path("readyz", home.ready, name="ready"),
    path("ops/", ops.ops_home, name="ops_home"),
    path("ops/keys/", ops.ops_keys, name="ops_keys"),
    path("ops/backups/", ops.ops_backups, name="ops_backups"),
    path(
        "ops/companies/<slug:slug>/certificate/",
        ops.ops_termination_certificate,
        name="ops_termination_certificate",
    ),
    path("security/", security.own_security_events, name="security_events"),
    path("c/<slug:slug>/", company.dashboard, name="dashboard"),
    path("c/<slug:slug>/settings/", company.company_settings, name="company_settings"),
    path("c/<slug:slug>/search/", search.search, name="search"),
    path("c/<slug:slug>/members/", members.member_list, name="members"),
    path("c/<slug:slug>/members/add/", members.member_add, name="member_add"),
    path(
        "c/<slug:slug>/members/<int:membership_id>/", members.member_edit, name="member_edit"
    ),
    path(
        "c/<slug:slug>/members/<int:membership_id>/remove/",
        members.member_remove,
        name="member_remove",
    ),
    path(
        "c/<slug:slug>/members/<int:membership_id>/history/",
        history.member_history,
        name="member_history",
    ),
    path("c/<slug:slug>/legal-holds/", legal_holds.legal_holds, name="legal_holds"),
    path(
        "c/<slug:slug>/legal-holds/<uuid:hold_id>/release/", legal_holds.legal_hold_release,
        name="legal_hold_release",
    ),
    path("c/<slug:slug>/roles/", roles.role_list, name="roles"),
    path("c/<slug:slug>/roles/add/", roles.role_add, name="role_add"),
    path("c/<slug:slug>/roles/<int:role_id>/", roles.role_edit, name="role_edit"),
    path("c/<slug:slug>/roles/<int:role_id>/delete/", roles.role_delete, name="role_delete"),
    path(
        "c/<slug:slug>/roles/<int:role_id>/history/", history.role_history, name="role_history"
    ),
    path("c/<slug:slug>/audit/", audit.audit_log, name="audit"),
    path("c/<slug:slug>/access-log/", history.access_log, name="access_log"),
    path(
        "c/<slug:slug>/security/",
        security.member_security_events,
        name="member_security_events",
    ),
    path("c/<slug:slug>/api-keys/", apikeys.api_keys, name="api_keys"),
    path(
        "c/<slug:slug>/api-keys/<int:key_pk>/revoke/",
        apikeys.api_key_revoke,
        name="api_key_revoke",
    ),
]
