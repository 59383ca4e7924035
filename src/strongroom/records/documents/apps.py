from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "strongroom.records.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from strongroom.platform.lifecycle import exportables
        from strongroom.records.documents import permissions  # noqa: F401  (registration)
        from strongroom.records.documents.models import Document, DocumentVersion
        from strongroom.records.documents.views import finds  # noqa: F401  (search section)

        track(Document)
        track(DocumentVersion)
        exportables.register(Document)
        exportables.register(DocumentVersion)
