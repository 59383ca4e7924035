"""Account pages of identity, mounted under /accounts/ before allauth's own: the second-factor
steps replace allauth's views of the same names (extended, not bypassed), and SSO."""

from django.urls import path

from strongroom.identity.factors import views as factor_views
from strongroom.identity.sso import views as sso_views

urlpatterns = [
    path("2fa/authenticate/", factor_views.authenticate, name="mfa_authenticate"),
    path("2fa/reauthenticate/", factor_views.reauthenticate, name="mfa_reauthenticate"),
    path("2fa/codes/", factor_views.code_factors, name="identity_codes"),
    path("sso/", sso_views.sso_find, name="identity_sso_find"),
    path("sso/callback/", sso_views.sso_callback, name="identity_sso_callback"),
    path("sso/<slug:slug>/", sso_views.sso_start, name="identity_sso_start"),
]
