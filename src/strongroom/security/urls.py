"""Pages of security operations, in the ``web`` namespace: security.txt and the public report
form."""

from django.urls import path

from strongroom.security.views import public

urlpatterns = [
    path(".well-known/security.txt", public.security_txt, name="security_txt"),
    path("security/report/", public.security_report, name="security_report"),
]
