from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "strongroom.platform.backups"
    label = "backups"
    verbose_name = "Backups"

    def ready(self) -> None:
        from strongroom.platform.backups import jobs  # noqa: F401  (registers the periodic jobs)
