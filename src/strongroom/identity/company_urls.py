"""Company pages of identity, in the ``web`` namespace (paths start with ``c/<slug:slug>/``)."""

from django.urls import path

from strongroom.identity.views import policy

urlpatterns = [
    path("c/<slug:slug>/settings/sign-in/", policy.sign_in_policy, name="sign_in_policy"),
    path("c/<slug:slug>/settings/sign-in/sso/", policy.sso_provider, name="sso_provider"),
    path(
        "c/<slug:slug>/settings/sign-in/sso/remove/",
        policy.sso_provider_remove,
        name="sso_provider_remove",
    ),
]
