from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "strongroom.web"
    label = "web"
    verbose_name = "Web interface"
