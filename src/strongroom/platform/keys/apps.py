from django.apps import AppConfig


class KeysConfig(AppConfig):
    name = "strongroom.platform.keys"
    label = "keys"
    verbose_name = "Keys"
