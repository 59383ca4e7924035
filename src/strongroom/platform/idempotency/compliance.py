"""Live check of high availability (P-F4) for the compliance report: retried writes are kept
for their retries; the database URL names its nodes."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import Outcome, check, warned
from strongroom.platform.idempotency.answers import kept_for
from strongroom.platform.idempotency.models import IdempotentWrite


@check("P-F4", "High availability")
def high_availability(actor: Actor) -> Outcome:
    host = str(connection.settings_dict.get("HOST") or "")
    evidence = {
        "database": connection.vendor,
        "database_nodes": len(host.split(",")) if host else 0,
        "idempotency_hours": int(kept_for().total_seconds() // 3600),
        "answers_kept": IdempotentWrite.objects.count(),
        "drain_seconds": settings.STRONGROOM_DRAIN_SECONDS,
    }
    if connection.vendor != "postgresql":
        return warned("SQLite serves one instance: no database failover here", **evidence)
    return warned("partial: retried writes are applied once and instances drain; the "
                  "rendered production database tier is one HAProxy and etcd (docs/promises.md)",
                  **evidence)
