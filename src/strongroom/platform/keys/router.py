"""Send the key store's models to the ``keys`` database and nothing else there."""

from __future__ import annotations

from typing import Any

from django.db import models

KEYS_DB = "keys"
APP_LABEL = "keys"


def _is_key_store(model: type[models.Model] | models.Model) -> bool:
    return model._meta.app_label == APP_LABEL


class KeyStoreRouter:
    """Keys live only in the key store; records, history and sessions never do."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        return KEYS_DB if _is_key_store(model) else None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return KEYS_DB if _is_key_store(model) else None

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        if _is_key_store(obj1) != _is_key_store(obj2):
            return False  # no foreign keys across the two databases
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        return (db == KEYS_DB) == (app_label == APP_LABEL)
