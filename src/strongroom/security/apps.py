from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "strongroom.security"
    label = "security"
    verbose_name = "Security operations"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from strongroom.platform.history import tracking
        from strongroom.platform.metrics import collectors
        from strongroom.security import (  # noqa: F401  (registers them)
            changelog,
            checks,  # the production start-up checks
            jobs,  # the periodic jobs
        )
        from strongroom.security.models import Finding, Incident, Notice
        from strongroom.security.selectors import finding_figures

        tracking.track(Finding, exclude=("last_seen",))
        tracking.track(Incident)
        tracking.track(Notice)
        collectors.SOURCES["vulnerabilities"] = finding_figures
        post_migrate.connect(changelog.note_plan, sender=self)  # the change log (P-G6)
