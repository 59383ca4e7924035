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
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson
from django.db import connection

from strongroom.platform.history import chain
from strongroom.platform.history.models import AccessRead, AuditEvent

CHUNK = 20_000
_dumps = orjson.dumps
_SORTED = orjson.OPT_SORT_KEYS
_loads = orjson.loads

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


class Entry(NamedTuple):
    pk: int
    sequence: int
    prev_hash: str
    entry_hash: str
    computed: str


def _select(columns: tuple[str, ...], table: str) -> str:
    postgres = connection.vendor == "postgresql"
    # (On SQLite the JSON columns are selected as stored: canonical text, spliced in as is.)
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
        elif name == "occurred_at":  # SQLite: the stored text, not a parsed datetime
            out.append("occurred_at || ''")
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
    json_value = _parsed if connection.vendor == "postgresql" else _spliced
    content = _read_content if access else _audit_content_with(json_value)
    domain = chain.READ_DOMAIN if access else chain.DOMAIN
    after = 0
    sha256 = hashlib.sha256
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [chain_key, after, CHUNK])
            rows = cursor.fetchall()
            if not rows:
                return
            for row in rows:
                prev = row[2]
                payload = encode(content, row)
                computed = sha256(domain + prev.encode() + b"\n" + payload).hexdigest()
                yield Entry(row[0], row[1], prev, row[3], computed)
            after = rows[-1][1]


def encode(content: Callable[[tuple[Any, ...]], dict[str, Any]], row: tuple[Any, ...]) -> bytes:
    """The canonical encoding of a row's content: orjson with sorted keys, which writes the
    same bytes as ``chain.canonical_bytes`` for every value an entry holds (tests prove it);
    values orjson refuses (integers beyond 64 bits) take the reference encoder."""
    value = content(row)
    try:
        return _dumps(value, option=_SORTED)
    except orjson.JSONEncodeError:
        return chain.canonical_bytes(value)


def _spliced(value: Any) -> Any:
    """A JSON column stored as canonical text (SQLite), put into the encoding unparsed.

    Sound because every other value is written by the encoder, escaped, around it: the whole
    encoding can only equal the hashed one when this text is exactly the text that was hashed.
    Text stored in another (equivalent) form simply does not match, and the verifier then
    recomputes the entry with the reference encoder."""
    return orjson.Fragment(value) if isinstance(value, str | bytes) else value


def _parsed(value: Any) -> Any:
    """A JSON column as PostgreSQL gives it (jsonb reorders keys): parsed, to be re-encoded."""
    if isinstance(value, str | bytes):
        try:
            return _loads(value)
        except orjson.JSONDecodeError:
            return json.loads(value)  # beyond orjson's range; the reference decoder
    return value



def _audit_content_with(
    json_value: Callable[[Any], Any],
) -> Callable[[tuple[Any, ...]], dict[str, Any]]:
    """``chain.content_of`` for a raw audit row, its JSON columns taken by ``json_value``."""

    def content(row: tuple[Any, ...]) -> dict[str, Any]:
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
            "changes": json_value(changes), "state": json_value(state),
            "extra": json_value(extra),
        }

    return content


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
