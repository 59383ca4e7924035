from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "strongroom.platform.backups"
    label = "backups"
    verbose_name = "Backups"

    def ready(self) -> None:
        from strongroom.platform.backups import (  # noqa: F401  (registers them)
            checks,  # the deploy checks
            jobs,  # the periodic jobs
        )
