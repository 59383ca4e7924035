from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "strongroom.records.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from strongroom.platform.history.tracking import track
        from strongroom.platform.lifecycle import exportables, personal
        from strongroom.records.documents import permissions  # noqa: F401  (registration)
        from strongroom.records.documents.models import Document, DocumentVersion
        from strongroom.records.documents.views import finds  # noqa: F401  (search section)

        track(Document)
        track(DocumentVersion)
        exportables.register(Document)
        exportables.register(DocumentVersion)
        personal.register(
            personal.CONTACT, Document,
            lambda person, found: Document.objects.filter(
                company_id=person.company_id, target_type=person._meta.label_lower,
                target_id=person.pk,
            ).order_by("pk"),
            about="Documents attached to the person (their files' bytes are in files/).",
        )
        personal.register(
            personal.CONTACT, DocumentVersion,
            lambda person, found: DocumentVersion.objects.filter(
                document__in=[d.pk for d in found.get("documents.document", [])]
            ).order_by("pk"),
            about="Every version of those documents.",
        )
