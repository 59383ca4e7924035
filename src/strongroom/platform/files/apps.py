from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "strongroom.platform.files"
    label = "files"
    verbose_name = "Files"

    def ready(self) -> None:
        from strongroom.platform.files import jobs  # noqa: F401  (registers the periodic jobs)
        from strongroom.platform.files.models import StoredFile
        from strongroom.platform.history.tracking import track

        track(StoredFile)
