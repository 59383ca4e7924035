"""Verify chains fast: hash stored bytes, let the database compare the columns (P-D2, P-H1).

Each entry stores its content encoded (``body``), exactly as its hash committed to it, and the
same values again in columns that the application queries and shows. Verification is therefore
two passes over a chain:

1. :func:`chunks` reads ``(id, sequence, prev_hash, entry_hash, body)`` with one raw query, a
   chunk at a time; :meth:`Chunk.intact_after` hashes each body in one tight loop. No content
   is rebuilt, so this pass runs at the speed of reading and hashing.
2. :func:`column_mismatches` asks the database, one query per chunk, which entries' columns do
   not render to their body (SQLite: ``json_object`` over the columns compared as text;
   PostgreSQL: ``jsonb_build_object`` compared with the body as ``jsonb``). The database only
   proposes: each candidate is compared again in Python with the reference encoder
   (:func:`column_differences`), so a difference in rendering costs time, never a false
   finding. A chunk the database cannot compare (a body that is not JSON) is compared in Python
   entirely.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, NamedTuple

from django.db import DatabaseError, connection, models, transaction

from strongroom.platform.history import chain
from strongroom.platform.history.models import AccessRead, AuditEvent

CHUNK = 20_000
MMAP_BYTES = 2**31  # SQLite's own ceiling
COLUMN_CHUNK = 50_000


class Entry(NamedTuple):
    pk: int
    sequence: int
    prev_hash: str
    entry_hash: str
    computed: str


class Chunk(NamedTuple):
    """Consecutive rows ``(id, sequence, prev_hash, entry_hash, body)`` of one chain."""

    rows: list[tuple[int, int, str, str, bytes]]
    domain: bytes

    @property
    def size(self) -> int:
        return len(self.rows)

    @property
    def last(self) -> tuple[int, str]:
        """The position and hash of the chunk's last entry."""
        return self.rows[-1][1], self.rows[-1][3]

    def intact_after(self, sequence: int, head_hash: str) -> bool:
        """Whether the chunk continues a chain ending at ``sequence`` / ``head_hash`` with no
        gap, no broken link and no wrong hash. One tight loop, so that the verifier looks at
        entries one by one (:meth:`entries`) only where something is wrong."""
        # chain.hash_body, inlined: this loop is the verifier's hot path
        sha256, domain = hashlib.sha256, self.domain
        for _, position, prev, entry_hash, body in self.rows:
            sequence += 1
            if (
                position != sequence
                or prev != head_hash
                or sha256(domain + prev.encode() + b"\n" + body).hexdigest() != entry_hash
            ):
                return False
            head_hash = entry_hash
        return True

    def entries(self) -> Iterator[Entry]:
        """The chunk's entries, each with the hash of its stored body."""
        for pk, position, prev, entry_hash, body in self.rows:
            computed = chain.hash_body(prev, body, domain=self.domain)
            yield Entry(pk, position, prev, entry_hash, computed)


def chunks(
    chain_key: str, *, access: bool = False, through: int | None = None
) -> Iterator[Chunk]:
    """The chain's entries in position order (up to position ``through``, if given), a chunk at
    a time, from one query (a server-side cursor on PostgreSQL, so the database walks the
    position index once)."""
    table = (AccessRead if access else AuditEvent)._meta.db_table
    # Unsealed access-log rows (no position yet) are not part of the chain.
    limit = " AND sequence IS NOT NULL" if through is None else f" AND sequence <= {int(through)}"
    sql = (
        f"SELECT id, sequence, prev_hash, entry_hash, body FROM {table} "  # noqa: S608
        f"WHERE chain_key = %s{limit} ORDER BY sequence"
    )
    domain = chain.READ_DOMAIN if access else chain.DOMAIN
    postgres = connection.vendor == "postgresql"
    # In a transaction, PostgreSQL's server-side cursor streams; outside one it would be
    # declared WITH HOLD and the whole chain copied aside before the first row (30% slower).
    reading = transaction.atomic() if postgres else nullcontext()
    with reading, _mapped(), connection.chunked_cursor() as cursor:
        if postgres:  # binary results: bytea without hex text
            cursor.cursor.execute(sql, [chain_key], binary=True)
        else:
            cursor.execute(sql, [chain_key])
        while rows := cursor.fetchmany(CHUNK):
            yield Chunk(rows, domain)


@contextmanager
def _mapped() -> Iterator[None]:
    """On SQLite, read the database file through a memory map for the scan (fewer copies and
    system calls per page), then restore the connection's setting."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA mmap_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA mmap_size = {int(before)}")


def column_mismatches(
    chain_key: str, *, access: bool = False
) -> Iterator[tuple[int, int, list[str]]]:
    """``(id, position, differing fields)`` of every entry whose columns disagree with its
    body."""
    model = AccessRead if access else AuditEvent
    last = model.objects.filter(chain_key=chain_key).aggregate(last=models.Max("sequence"))
    sql = _mismatch_sql(model, access=access)
    start = -1  # positions start at 1; a row moved to 0 is compared too
    while start < (last["last"] or 0):
        window: list[str | int] = [chain_key, start, start + COLUMN_CHUNK]
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, window)
                candidates = [pk for (pk,) in cursor.fetchall()]
        except DatabaseError:  # a body the database cannot read as JSON: compare every entry
            candidates = list(model.objects.filter(
                chain_key=chain_key, sequence__gt=start, sequence__lte=start + COLUMN_CHUNK
            ).values_list("pk", flat=True))
        for pk in candidates:
            entry = model.objects.get(pk=pk)
            fields = column_differences(entry, access=access)
            if fields:  # candidates are sealed entries: they have a position and a body
                yield pk, entry.sequence or 0, fields
        start += COLUMN_CHUNK


def column_differences(entry: AuditEvent | AccessRead, *, access: bool = False) -> list[str]:
    """The fields whose column values differ from the entry's body (reference encoder)."""
    content = chain.content_of_read(entry) if access else chain.content_of(entry)  # type: ignore[arg-type]
    body = bytes(entry.body or b"")
    if chain.canonical_bytes(content) == body:
        return []
    try:
        stored = json.loads(body)
    except ValueError:
        return ["body"]
    if not isinstance(stored, dict):
        return ["body"]
    return _differing(stored, content) or ["body"]  # same values, other bytes: body rewritten


def _differing(stored: dict[str, Any], columns: dict[str, Any], prefix: str = "") -> list[str]:
    fields = []
    for key in sorted(set(stored) | set(columns)):
        old, new = stored.get(key), columns.get(key)
        if key in ("actor", "support", "object") and isinstance(old, dict) and isinstance(
            new, dict
        ):
            fields += _differing(old, new, f"{prefix}{key}.")
        elif chain.canonical_bytes(old) != chain.canonical_bytes(new) or (key in stored) != (
            key in columns
        ):
            fields.append(f"{prefix}{key}")
    return fields


def _mismatch_sql(model: type[models.Model], *, access: bool) -> str:
    """A query of the ids, within a chain's positions (start, end], whose columns do not render
    to the body."""
    postgres = connection.vendor == "postgresql"
    people = {
        "actor": (("email", "actor_email"), ("name", "actor_name"), ("user", "actor_user_id")),
        "support": (
            ("email", "support_email"), ("name", "support_name"), ("user", "support_user_id")
        ),
    }
    pairs: list[tuple[str, str]] = [
        (key, _object(postgres, fields)) for key, fields in people.items()
    ]
    pairs += [
        ("at", _utc_text(postgres)), ("chain", "chain_key"), ("channel", "channel"),
        ("company", "company_id"), ("credential", "credential"),
        ("ip", "host(ip)" if postgres else "ip"), ("prev", "prev_hash"),
        ("request_id", "request_id"), ("seq", "sequence"), ("v", "1"),
    ]
    if access:
        pairs += [
            ("object", _object(postgres, (("id", "object_id"), ("type", "object_type")))),
            ("purpose", "purpose"),
        ]
    else:
        pairs += [
            ("object", _object(
                postgres, (("id", "object_id"), ("repr", "object_repr"), ("type", "object_type"))
            )),
            ("type", "event_type"), ("user_agent", "user_agent"),
        ]
        pairs += [(name, name if postgres else f"json({name})") for name in (
            "changes", "state", "extra"
        )]
    rendered = _object(postgres, tuple(sorted(pairs)))
    body = "convert_from(body, 'UTF8')::jsonb" if postgres else "CAST(body AS TEXT)"
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    return (
        f"SELECT id FROM {model._meta.db_table} WHERE chain_key = %s "  # noqa: S608
        f"AND sequence > %s AND sequence <= %s AND {body} {differs} {rendered}"
    )


def _object(postgres: bool, pairs: tuple[tuple[str, str], ...]) -> str:
    build = "jsonb_build_object" if postgres else "json_object"
    arguments = ", ".join(f"'{key}', {value}" for key, value in pairs)
    return f"{build}({arguments})"


def _utc_text(postgres: bool) -> str:
    """``occurred_at`` as ``tracking.canonical`` writes a time: ISO 8601, UTC, microseconds."""
    if postgres:
        return (
            "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
        )
    # SQLite keeps "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC
    return (
        "substr(occurred_at, 1, 10) || 'T' || substr(occurred_at, 12, 8) || "
        "CASE WHEN length(occurred_at) = 19 THEN '.000000' ELSE substr(occurred_at, 20) END "
        "|| '+00:00'"
    )
