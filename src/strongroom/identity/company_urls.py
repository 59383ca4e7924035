"""Company pages of identity, in the ``web`` namespace (paths start with ``c/<slug:slug>/``)."""

from django.urls import path

from strongroom.identity.signin import views as signin_views

urlpatterns = [
    path("c/<slug:slug>/settings/sign-in/", signin_views.sign_in_policy, name="sign_in_policy"),
    path("c/<slug:slug>/settings/sign-in/sso/", signin_views.sso_provider, name="sso_provider"),
    path(
        "c/<slug:slug>/settings/sign-in/sso/remove/",
        signin_views.sso_provider_remove,
        name="sso_provider_remove",
    ),
]
