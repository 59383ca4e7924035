from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "strongroom.platform.history"
    label = "history"
    verbose_name = "History and audit"
