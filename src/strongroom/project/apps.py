from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """Holds the operator commands (serve, demo, createoperator, company)."""

    name = "strongroom.project"
    label = "project"
    verbose_name = "Strongroom"
