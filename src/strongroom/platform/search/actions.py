"""Filling in the search tokens of records written before search existed (or imported)."""

from __future__ import annotations

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.keys.permissions import KEYS_ROTATE
from strongroom.platform.search import index
from strongroom.platform.tenancy.models import Company

BATCH = 500


@action
def fill_search_tokens(*, actor: Actor, company: Company, limit: int = BATCH) -> int:
    """Give up to ``limit`` of the company's searchable records without tokens their tokens;
    how many. Running it again does only what is left (idempotent)."""
    policy.require(actor, KEYS_ROTATE)
    done = 0
    for model in index.registered():
        for found in index.unindexed(model, company.pk)[: limit - done]:
            index.index_record(found)
            done += 1
    if done:
        record(
            actor=actor, event=AuditEventType.SEARCH_TOKENS_FILLED, obj=company,
            company_id=company.pk, extra={"records": done},
        )
    return done
