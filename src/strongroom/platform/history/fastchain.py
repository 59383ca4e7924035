"""Recompute chain hashes fast: raw rows in, hashes out, no model instances (P-D2, P-H1).

:func:`stream` reads a chain's rows with one raw query per chunk, rebuilds each entry's content
(``chain.content_of`` / ``chain.content_of_read``) from the columns, and hashes it. The encoding
must be byte-identical to ``chain.canonical_bytes`` of the reference content: the tests prove
it for every value type a column can hold, on SQLite and PostgreSQL. Where it could differ, the
verifier falls back to :func:`reference_matches` before it reports anything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from strongroom.platform.history import chain
from strongroom.platform.history.models import AccessRead, AuditEvent

CHUNK = 20_000
_encode = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode
_loads = json.loads

AUDIT_COLUMNS = (
    "id", "sequence", "prev_hash", "entry_hash", "chain_key", "event_type", "occurred_at",
    "company_id", "actor_user_id", "actor_name", "actor_email", "support_user_id",
    "support_name", "support_email", "channel", "credential", "ip", "user_agent", "request_id",
    "object_type", "object_id", "object_repr", "changes", "state", "extra",
)
READ_COLUMNS = (
    "id", "sequence", "prev_hash", "entry_hash", "chain_key", "occurred_at", "company_id",
    "actor_user_id", "actor_name", "actor_email", "support_user_id", "support_name",
    "support_email", "channel", "credential", "ip", "request_id", "object_type", "object_id",
    "purpose",
)
JSON_COLUMNS = frozenset({"changes", "state", "extra"})


@dataclass(frozen=True, slots=True)
class Entry:
    pk: int
    sequence: int
    prev_hash: str
    entry_hash: str
    computed: str


def _select(columns: tuple[str, ...], table: str) -> str:
    postgres = connection.vendor == "postgresql"
    out = []
    for name in columns:
        if postgres and name == "occurred_at":
            out.append(
                "to_char(occurred_at AT TIME ZONE 'UTC', "
                "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
            )
        elif postgres and name == "ip":
            out.append("host(ip)")
        elif postgres and name in JSON_COLUMNS:
            out.append(f"{name}::text")
        else:
            out.append(name)
    return f"SELECT {', '.join(out)} FROM {table} WHERE chain_key = %s AND sequence > %s "  # noqa: S608


def utc_text(value: Any) -> str:
    """A stored time as ``canonical`` gives it: ISO 8601, UTC, microseconds."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    text = str(value)
    if "+" in text[10:]:  # already canonical (PostgreSQL's to_char above)
        return text
    if len(text) == 19:  # SQLite keeps whole seconds without a fraction
        text += ".000000"
    return f"{text[:10]}T{text[11:]}+00:00"


def stream(chain_key: str, *, access: bool = False) -> Iterator[Entry]:
    """Every entry of the chain in position order, with its hash recomputed."""
    columns = READ_COLUMNS if access else AUDIT_COLUMNS
    model = AccessRead if access else AuditEvent
    sql = _select(columns, model._meta.db_table) + "ORDER BY sequence LIMIT %s"
    content = _read_content if access else _audit_content
    domain = chain.READ_DOMAIN if access else chain.DOMAIN
    after = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [chain_key, after, CHUNK])
            rows = cursor.fetchall()
            if not rows:
                return
            for row in rows:
                digest = hashlib.sha256(domain)
                digest.update(row[2].encode("ascii"))
                digest.update(b"\n")
                digest.update(_encode(content(row)).encode())
                yield Entry(row[0], row[1], row[2], row[3], digest.hexdigest())
            after = rows[-1][1]


def _json(value: Any) -> Any:
    return _loads(value) if isinstance(value, str | bytes) else value


def _audit_content(row: tuple[Any, ...]) -> dict[str, Any]:
    (_, seq, prev, _, key, event_type, at, company, user, name, email, s_user, s_name,
     s_email, channel, credential, ip, agent, request_id, o_type, o_id, o_repr, changes,
     state, extra) = row
    return {
        "v": 1, "chain": key, "seq": seq, "prev": prev, "type": event_type,
        "at": utc_text(at), "company": company,
        "actor": {"user": user, "name": name, "email": email},
        "support": {"user": s_user, "name": s_name, "email": s_email},
        "channel": channel, "credential": credential, "ip": ip, "user_agent": agent,
        "request_id": request_id, "object": {"type": o_type, "id": o_id, "repr": o_repr},
        "changes": _json(changes), "state": _json(state), "extra": _json(extra),
    }


def _read_content(row: tuple[Any, ...]) -> dict[str, Any]:
    (_, seq, prev, _, key, at, company, user, name, email, s_user, s_name, s_email, channel,
     credential, ip, request_id, o_type, o_id, purpose) = row
    return {
        "v": 1, "chain": key, "seq": seq, "prev": prev, "at": utc_text(at),
        "company": company, "actor": {"user": user, "name": name, "email": email},
        "support": {"user": s_user, "name": s_name, "email": s_email},
        "channel": channel, "credential": credential, "ip": ip, "request_id": request_id,
        "object": {"type": o_type, "id": o_id}, "purpose": purpose,
    }


def reference_matches(entry: Entry, kind: str) -> bool:
    """Recompute one entry's hash through the model and the reference encoder."""
    if kind == "access-log":
        read = AccessRead.objects.get(pk=entry.pk)
        computed = chain.hash_entry(
            read.prev_hash, chain.content_of_read(read), domain=chain.READ_DOMAIN
        )
        return computed == read.entry_hash
    event = AuditEvent.objects.get(pk=entry.pk)
    return chain.hash_entry(event.prev_hash, chain.content_of(event)) == event.entry_hash
