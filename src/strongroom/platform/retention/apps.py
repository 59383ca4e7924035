from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "strongroom.platform.retention"
    label = "retention"
    verbose_name = "Retention"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from strongroom.platform.retention import permissions  # noqa: F401  (registration)
        from strongroom.platform.retention.models import LegalHold

        track(LegalHold)
