"""Account pages of identity, mounted under /accounts/ before allauth's own: the second-factor
steps replace allauth's views of the same names (extended, not bypassed), and SSO."""

from django.urls import path

from strongroom.identity.sso import views as sso_views
from strongroom.identity.views import factors

urlpatterns = [
    path("2fa/authenticate/", factors.authenticate, name="mfa_authenticate"),
    path("2fa/reauthenticate/", factors.reauthenticate, name="mfa_reauthenticate"),
    path("2fa/codes/", factors.code_factors, name="identity_codes"),
    path("sso/", sso_views.sso_find, name="identity_sso_find"),
    path("sso/callback/", sso_views.sso_callback, name="identity_sso_callback"),
    path("sso/<slug:slug>/", sso_views.sso_start, name="identity_sso_start"),
]
