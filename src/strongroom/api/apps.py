from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "strongroom.api"
    label = "api"
    verbose_name = "API"
