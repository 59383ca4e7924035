from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "strongroom.platform.metrics"
    label = "metrics"
    verbose_name = "Metrics"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from strongroom.platform.jobs.tasks import job_finished
        from strongroom.platform.metrics import registry

        connection_created.connect(registry.watch_queries, dispatch_uid="strongroom.metrics.db")
        job_finished.connect(registry.count_job, dispatch_uid="strongroom.metrics.jobs")
