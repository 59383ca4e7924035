from django.apps import AppConfig


class KeysConfig(AppConfig):
    name = "strongroom.platform.keys"
    label = "keys"
    verbose_name = "Keys"

    def ready(self) -> None:
        from strongroom.platform.keys import (  # noqa: F401  (registers jobs and permissions)
            jobs,
            permissions,
            subject_erasure,
        )
