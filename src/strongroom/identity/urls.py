"""Account pages of identity, mounted under /accounts/ before allauth's own: the second-factor
steps replace allauth's views of the same names (extended, not bypassed), and SSO."""

from django.urls import path

from strongroom.identity.views import factors, sso

urlpatterns = [
    path("2fa/authenticate/", factors.authenticate, name="mfa_authenticate"),
    path("2fa/reauthenticate/", factors.reauthenticate, name="mfa_reauthenticate"),
    path("2fa/codes/", factors.code_factors, name="identity_codes"),
    path("sso/", sso.sso_find, name="identity_sso_find"),
    path("sso/callback/", sso.sso_callback, name="identity_sso_callback"),
    path("sso/<slug:slug>/", sso.sso_start, name="identity_sso_start"),
]
