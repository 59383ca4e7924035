"""Pages of security operations, in the ``web`` namespace: security.txt, the public report
form, the operator console's findings and incident registers and change log under
``ops/security/``, the compliance report at ``ops/compliance/``, and a company's own view of the
incidents that affected it under ``c/<slug>/incidents/``."""

from django.urls import path

from strongroom.security.views import company, ops, ops_changes, ops_incidents, public

urlpatterns = [
    path(".well-known/security.txt", public.security_txt, name="security_txt"),
    path("security/report/", public.security_report, name="security_report"),
]
urlpatterns += [
    path("ops/security/findings/", ops.ops_findings, name="ops_findings"),
    path("ops/security/findings/<int:finding_id>/", ops.ops_finding, name="ops_finding"),
    path("ops/security/findings/<int:finding_id>/accept/", ops.ops_finding_accept,
         name="ops_finding_accept"),
    path("ops/security/findings/<int:finding_id>/resolve/", ops.ops_finding_resolve,
         name="ops_finding_resolve"),
    path("ops/compliance/", ops.ops_compliance, name="ops_compliance"),
]
urlpatterns += [
    path("ops/security/incidents/", ops_incidents.ops_incidents, name="ops_incidents"),
    path("ops/security/incidents/open/", ops_incidents.ops_incident_open,
         name="ops_incident_open"),
    path("ops/security/incidents/<int:incident_id>/", ops_incidents.ops_incident,
         name="ops_incident"),
    path("ops/security/incidents/<int:incident_id>/edit/", ops_incidents.ops_incident_edit,
         name="ops_incident_edit"),
    path("ops/security/incidents/<int:incident_id>/timeline/",
         ops_incidents.ops_incident_milestone, name="ops_incident_milestone"),
    path("ops/security/incidents/<int:incident_id>/scope/", ops_incidents.ops_incident_scope,
         name="ops_incident_scope"),
    path("ops/security/incidents/<int:incident_id>/publish/",
         ops_incidents.ops_incident_publish, name="ops_incident_publish"),
    path("ops/security/incidents/<int:incident_id>/notices/<int:notice_id>/",
         ops_incidents.ops_notice, name="ops_notice"),
]
urlpatterns += [
    path("ops/security/changes/", ops_changes.ops_changes, name="ops_changes"),
    path("ops/security/changes/plan/", ops_changes.ops_change_plan, name="ops_change_plan"),
]
urlpatterns += [
    path("c/<slug:slug>/incidents/", company.company_incidents, name="company_incidents"),
    path("c/<slug:slug>/incidents/<int:incident_id>/", company.company_incident,
         name="company_incident"),
]
