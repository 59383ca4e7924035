from django.apps import AppConfig


class KeysConfig(AppConfig):
    name = "strongroom.platform.keys"
    label = "keys"
    verbose_name = "Keys"

    def ready(self) -> None:
        from strongroom.platform.keys import erasure  # noqa: F401  (registers the sweep job)
