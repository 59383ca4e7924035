from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "strongroom.support"
    label = "support"
    verbose_name = "Support access"
