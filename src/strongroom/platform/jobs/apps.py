from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "strongroom.platform.jobs"
    label = "jobs"
    verbose_name = "Jobs"
