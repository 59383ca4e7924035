"""The token table: which record holds which keyed n-gram token (platform/keys/ngrams.py).

One row per (company, token, record id); no plain text, no field name, no record type (it is
in each token's HMAC, and record ids are random UUIDs). Rows are written and removed by the
actions that write their record, in the same transaction.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from strongroom.platform.tenancy.models import Company


class SearchToken(models.Model):
    """A record holds a gram whose keyed token is ``token``."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+",
                                db_index=False)
    record_id = models.UUIDField()
    token = models.BigIntegerField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["company", "token", "record_id"],
                name="search_token_unique",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["record_id"], name="search_token_record"),
        ]

    def __str__(self) -> str:
        return f"token of {self.record_id}"
