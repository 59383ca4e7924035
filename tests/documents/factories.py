"""Documents made through their actions."""

from __future__ import annotations

from typing import Any

from django.db import models

from strongroom.platform.access import permissions as perms
from strongroom.records.documents import actions, targets
from strongroom.records.documents.models import Document
from tests.conftest import CompanyWorld
from tests.files import samples


def make_document(
    company: CompanyWorld,
    *,
    name: str = "agreement.pdf",
    content: bytes = samples.PDF,
    target: models.Model | None = None,
    versions: int = 1,
    **fields: Any,
) -> Document:
    actor = company.actor(perms.ADMIN)
    document = actions.create_document(
        actor=actor, upload=samples.upload(name, content),
        target_type=targets.key_of(target) if target is not None else "",
        target_id=target.pk if target is not None else None, **fields,
    )
    for _ in range(versions - 1):
        actions.add_document_version(
            actor=actor, document=document, upload=samples.upload(name, content)
        )
    document.refresh_from_db()
    return document
