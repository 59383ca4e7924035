from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "strongroom.platform.files"
    label = "files"
    verbose_name = "Files"
