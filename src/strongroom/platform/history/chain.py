"""The hash chain under the audit log (P-D2).

Every entry commits to its predecessor's hash and to the canonical encoding of its own content:

    entry_hash = SHA-256("strongroom:audit:v1\\n" || prev_hash || "\\n" || canonical(content))

``canonical`` is JSON with sorted keys, no insignificant white space, UTF-8. The first entry of
a chain has ``prev_hash`` = 64 zeros. The encoded content is stored with the entry (``body``),
so verifying the chain means hashing stored bytes; ``fastchain`` checks that the columns the
application reads agree with those bytes. The same rules are implemented, independently and with the
standard library only, by ``tools/verify_audit_bundle.py`` (the offline verifier).

Appends lock the chain's head row (``ChainHead``) for the rest of the writing transaction, so
concurrent writers in one company take turns: no forks, no gaps, on PostgreSQL and SQLite. An
``@action`` locks it last: the entries it records wait in the action (``recorder``) and are
chained by :func:`append_all` at the end of its transaction, just before the commit, so writers
in one company take turns only for the chaining, not for the whole action.

Reads (the access log) do not take turns on the request path. A flush that finds the head of
its chain free locks it and inserts its reads chained, as writes are; one that finds it held
by another flush inserts its reads *unsealed* (no position, hash or body) and returns at once.
The worker's sealer (:func:`seal_all`, every :data:`SEAL_EVERY`) seals the waiting reads into
their chains in the order they were inserted. A read is therefore in its chain within
:data:`SEAL_WITHIN` of being written, and ``audit verify`` reports any that waits longer (a
sealer that is not running). A chain's order is the order in which reads were sealed.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from strongroom.platform.history.models import AccessRead, AuditEvent, ChainHead
from strongroom.platform.history.tracking import canonical

GENESIS = "0" * 64
DOMAIN = b"strongroom:audit:v1\n"
READ_DOMAIN = b"strongroom:access:v1\n"
PLATFORM_CHAIN = "platform"
_HEADS = ChainHead._meta.db_table
_READS = AccessRead._meta.db_table
READ_PLATFORM_CHAIN = "a:platform"
# How often the worker seals, and the promise: every read is in its chain this soon.
SEAL_EVERY = timedelta(seconds=1)
SEAL_WITHIN = timedelta(seconds=5)


def chain_key_for(company_id: int | None) -> str:
    """The chain an event of ``company_id`` (None: the platform) belongs to."""
    return PLATFORM_CHAIN if company_id is None else f"c:{company_id}"


def read_chain_key_for(company_id: int | None) -> str:
    """The access-log chain of ``company_id`` (None: reads outside any company)."""
    return READ_PLATFORM_CHAIN if company_id is None else f"a:{company_id}"


def canonical_bytes(content: Any) -> bytes:
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def content_of(event: AuditEvent) -> dict[str, Any]:
    """Everything an entry commits to, in the form the offline bundle carries it."""
    return {
        "v": 1,
        "chain": event.chain_key,
        "seq": event.sequence,
        "prev": event.prev_hash,
        "type": event.event_type,
        "at": canonical(event.occurred_at),
        "company": event.company_id,
        "actor": {
            "user": event.actor_user_id,
            "name": event.actor_name,
            "email": event.actor_email,
        },
        "support": {
            "user": event.support_user_id,
            "name": event.support_name,
            "email": event.support_email,
        },
        "channel": event.channel,
        "credential": event.credential,
        "ip": event.ip,
        "user_agent": event.user_agent,
        "request_id": event.request_id,
        "object": {"type": event.object_type, "id": event.object_id, "repr": event.object_repr},
        "changes": event.changes,
        "state": event.state,
        "extra": event.extra,
    }


def content_of_read(read: AccessRead) -> dict[str, Any]:
    """Everything an access-log entry commits to."""
    return {
        "v": 1,
        "chain": read.chain_key,
        "seq": read.sequence,
        "prev": read.prev_hash,
        "at": canonical(read.occurred_at),
        "company": read.company_id,
        "actor": {"user": read.actor_user_id, "name": read.actor_name, "email": read.actor_email},
        "support": {
            "user": read.support_user_id,
            "name": read.support_name,
            "email": read.support_email,
        },
        "channel": read.channel,
        "credential": read.credential,
        "ip": read.ip,
        "request_id": read.request_id,
        "object": {"type": read.object_type, "id": read.object_id},
        "purpose": read.purpose,
    }


def hash_entry(prev_hash: str, content: dict[str, Any], *, domain: bytes = DOMAIN) -> str:
    """SHA-256 over the domain tag, the previous hash and the canonical content."""
    return hash_body(prev_hash, canonical_bytes(content), domain=domain)


def hash_body(prev_hash: str, body: bytes, *, domain: bytes = DOMAIN) -> str:
    """SHA-256 over the domain tag, the previous hash and content already encoded."""
    return hashlib.sha256(domain + prev_hash.encode("ascii") + b"\n" + body).hexdigest()


def locked_head(chain_key: str) -> ChainHead:
    """The chain's head row, created if new, locked until the transaction ends.

    Plain SQL: every write runs this and :func:`_move_head`, so they skip the ORM's query
    building (see bench/history.py)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT sequence, head_hash FROM {_HEADS} WHERE chain_key = %s{lock}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [chain_key])
        row = cursor.fetchone()
        if row is None:
            ChainHead.objects.bulk_create(
                [ChainHead(chain_key=chain_key, sequence=0, head_hash=GENESIS)],
                ignore_conflicts=True,
            )
            cursor.execute(sql, [chain_key])
            row = cursor.fetchone()
    return ChainHead(chain_key=chain_key, sequence=row[0], head_hash=row[1])


def head_if_free(chain_key: str) -> ChainHead | None:
    """The chain's head row, locked until the transaction ends, or None when another
    transaction holds it (no waiting). SQLite's writers already hold the whole database."""
    if not connection.features.has_select_for_update:
        return locked_head(chain_key)
    # One query: the head locked, or a row of nulls when there is no head yet, or no row when
    # another transaction holds it.
    sql = (
        f"WITH free AS (SELECT sequence, head_hash FROM {_HEADS} "  # noqa: S608
        "WHERE chain_key = %s FOR UPDATE SKIP LOCKED) "
        "SELECT sequence, head_hash FROM free UNION ALL SELECT NULL, NULL "
        f"WHERE NOT EXISTS (SELECT 1 FROM free) AND NOT EXISTS "
        f"(SELECT 1 FROM {_HEADS} WHERE chain_key = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [chain_key, chain_key])
        row = cursor.fetchone()
        if row is None:
            return None  # held by another transaction
        if row[0] is None:  # a new chain
            ChainHead.objects.bulk_create(
                [ChainHead(chain_key=chain_key, sequence=0, head_hash=GENESIS)],
                ignore_conflicts=True,
            )
            cursor.execute(sql, [chain_key, chain_key])
            row = cursor.fetchone()
            if row is None or row[0] is None:
                return None  # created and held by another transaction meanwhile
    return ChainHead(chain_key=chain_key, sequence=row[0], head_hash=row[1])


def _move_head(chain_key: str, sequence: int, head_hash: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_HEADS} SET sequence = %s, head_hash = %s WHERE chain_key = %s",  # noqa: S608
            [sequence, head_hash, chain_key],
        )


def append(event: AuditEvent) -> AuditEvent:
    """Give ``event`` the next position in its chain and save it. Call inside a transaction."""
    head = locked_head(event.chain_key)
    event.sequence = head.sequence + 1
    event.prev_hash = head.head_hash
    event.body = canonical_bytes(content_of(event))
    event.entry_hash = hash_body(event.prev_hash, event.body)
    event.save(force_insert=True)
    _move_head(event.chain_key, event.sequence, event.entry_hash)
    return event


def append_all(events: list[AuditEvent]) -> None:
    """Chain and insert ``events`` (in order, one insert per chain), locking each chain's head
    in key order (so two writers never wait on each other's heads). Each entry's time is taken
    under its head's lock, so a chain's times follow its order. Call inside a transaction."""
    for key in sorted({event.chain_key for event in events}):
        head = locked_head(key)
        sequence, prev = head.sequence, head.head_hash
        batch = [event for event in events if event.chain_key == key]
        now = timezone.now()
        for event in batch:
            event.occurred_at = now
            event.sequence, event.prev_hash = sequence + 1, prev
            event.body = canonical_bytes(content_of(event))
            event.entry_hash = hash_body(prev, event.body)
            sequence, prev = event.sequence, event.entry_hash
        AuditEvent.objects.bulk_create(batch)
        _move_head(key, sequence, prev)


def append_reads(reads: list[AccessRead]) -> bool:
    """Insert access-log rows of one chain with one insert: chained when the chain's head is
    free, unsealed when another transaction holds it. Returns whether they were chained. Call
    inside a transaction. Reads that wait are left to the sealer: sealing them here would make
    a request pay for every read its neighbours left, and hold the head longer."""
    if not reads:
        return True
    head = head_if_free(reads[0].chain_key)
    if head is None:
        AccessRead.objects.bulk_create(reads)
        return False
    sequence, prev = head.sequence, head.head_hash
    for read in reads:
        sequence, prev = _chain_read(read, sequence, prev)
    AccessRead.objects.bulk_create(reads)
    _move_head(head.chain_key, sequence, prev)
    return True


def _chain_read(read: AccessRead, sequence: int, prev: str) -> tuple[int, str]:
    """Give ``read`` the position after ``sequence``; returns its position and hash."""
    read.sequence, read.prev_hash = sequence + 1, prev
    read.body = canonical_bytes(content_of_read(read))
    read.entry_hash = hash_body(prev, read.body, domain=READ_DOMAIN)
    return read.sequence, read.entry_hash


def _seal_waiting(head: ChainHead) -> tuple[int, str]:
    """Seal the chain's unsealed reads, in the order they were inserted, after ``head`` (which
    this transaction holds); returns the new head's position and hash (not yet stored)."""
    sequence, prev = head.sequence, head.head_hash
    waiting = list(
        AccessRead.objects.filter(chain_key=head.chain_key, sequence__isnull=True).order_by("id")
    )
    for read in waiting:
        sequence, prev = _chain_read(read, sequence, prev)
    if waiting:  # one statement per row, sent together (bulk_update's CASE costs far more)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {_READS} SET sequence = %s, prev_hash = %s, entry_hash = %s, "  # noqa: S608
                "body = %s WHERE id = %s AND sequence IS NULL",
                [(r.sequence, r.prev_hash, r.entry_hash, r.body, r.pk) for r in waiting],
            )
    return sequence, prev


def seal_reads(chain_key: str) -> int:
    """Seal the chain's unsealed reads now, waiting for its head if need be; returns how many
    were sealed."""
    with transaction.atomic():
        head = locked_head(chain_key)
        sequence, prev = _seal_waiting(head)
        if sequence != head.sequence:
            _move_head(chain_key, sequence, prev)
    return sequence - head.sequence


def seal_all() -> int:
    """Seal every chain's unsealed reads (the worker's sealer); returns how many were sealed."""
    keys = AccessRead.objects.filter(sequence__isnull=True).values_list("chain_key", flat=True)
    return sum(seal_reads(key) for key in sorted(set(keys)))
