from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "strongroom.platform.history"
    label = "history"
    verbose_name = "History and audit"

    def ready(self) -> None:
        from strongroom.platform.history import (  # noqa: F401  (registration)
            checkpoints,
            permissions,
        )
