from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "strongroom.identity"
    label = "identity"
    verbose_name = "Identity"
