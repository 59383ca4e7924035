"""Pages of security operations, in the ``web`` namespace: security.txt, the public report
form, the operator console's findings register under ``ops/security/`` and the compliance
report at ``ops/compliance/``."""

from django.urls import path

from strongroom.security.views import ops, public

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
