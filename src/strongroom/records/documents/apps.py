from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "strongroom.records.documents"
    label = "documents"
    verbose_name = "Documents"
