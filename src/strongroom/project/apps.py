from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """Holds the operator commands (serve, demo, createoperator, company)."""

    name = "strongroom.project"
    label = "project"
    verbose_name = "Strongroom"

    def ready(self) -> None:
        from strongroom.project import compliance

        compliance.load()  # every promise's check, for the compliance report (P-G8)
