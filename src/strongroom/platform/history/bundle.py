"""A company's history as a self-contained bundle for offline verification (P-D2).

``strongroom audit export --company SLUG`` writes it; ``tools/verify_audit_bundle.py`` checks
it with nothing but the standard library and ``cryptography``, so an external auditor need not
trust the server. The bundle is one JSON document::

    {"format": "strongroom-audit-bundle/1", "exported_at": ..., "company": {...},
     "chains": {"c:7": {"kind": "audit", "domain": "strongroom:audit:v1",
                        "entries": [{"hash": ..., "content": {...}}, ...]},
                "a:7": {"kind": "access", "domain": "strongroom:access:v1", "entries": [...]}},
     "checkpoints": [{"chain", "size", "head", "at", "key", "signature"}, ...],
     "public_keys": [{"id": sha256 of the raw key, "key": base64 raw key}, ...]}

Each entry's ``content`` is exactly what its hash commits to (``chain.content_of``); the export
first seals the reads still waiting for the sealer and signs a checkpoint of each chain, so the
bundle holds every read and its last entries are covered by a signature.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, Any

from django.utils import timezone

from strongroom.platform.history import chain, checkpoints, signing
from strongroom.platform.history.models import AccessRead, AuditEvent, Checkpoint
from strongroom.platform.history.tracking import canonical
from strongroom.platform.tenancy.models import Company

FORMAT = "strongroom-audit-bundle/1"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write(company: Company, out: IO[str]) -> dict[str, int]:
    """Write ``company``'s bundle to ``out``, streaming entry by entry; returns counts."""
    checkpoints.checkpoint_company(company.pk)
    audit_key, read_key = chain.chain_key_for(company.pk), chain.read_chain_key_for(company.pk)
    header = {
        "format": FORMAT,
        "exported_at": canonical(timezone.now()),
        "company": {"id": company.pk, "slug": company.slug, "name": company.name},
    }
    out.write(_dump(header)[:-1] + ',"chains":{')
    entries = 0
    streams: tuple[tuple[str, str, bytes, Any, Callable[[Any], dict[str, Any]]], ...] = (
        (audit_key, "audit", chain.DOMAIN, AuditEvent, chain.content_of),
        (read_key, "access", chain.READ_DOMAIN, AccessRead, chain.content_of_read),
    )
    for index, (key, kind, domain, model, content_of) in enumerate(streams):
        prefix = "," if index else ""
        out.write(f'{prefix}{_dump(key)}:{{"kind":"{kind}","domain":{_dump(domain.decode()[:-1])},')
        out.write('"entries":[')
        rows = model.objects.filter(chain_key=key, sequence__isnull=False).order_by("sequence")
        for position, row in enumerate(rows.iterator(chunk_size=2000)):
            out.write(("," if position else "") + _dump(
                {"hash": row.entry_hash, "content": content_of(row)}
            ))
            entries += 1
        out.write("]}")
    signed = list(Checkpoint.objects.filter(chain_key__in=[audit_key, read_key]).order_by(
        "chain_key", "size", "id"
    ))
    out.write("}," + _dump({
        "checkpoints": [
            {**checkpoints.statement(cp), "signature": cp.signature} for cp in signed
        ],
        "public_keys": [
            {"id": key_id, "key": signing.encode_public(key)}
            for key_id, key in signing.public_keys().items()
        ],
    })[1:])
    out.write("\n")
    return {"entries": entries, "checkpoints": len(signed)}
