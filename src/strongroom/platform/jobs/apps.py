from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "strongroom.platform.jobs"
    label = "jobs"
    verbose_name = "Jobs"

    def ready(self) -> None:
        from strongroom.platform.jobs import builtin  # noqa: F401  (registers the jobs)
