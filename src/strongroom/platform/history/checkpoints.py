"""Signed checkpoints: statements of a chain's size and head hash at a moment (P-D2).

A checkpoint signs, with the audit signing key (``signing.py``), the canonical encoding of

    {"v": 1, "chain": chain key, "size": entries covered, "head": hash of entry ``size``,
     "at": time signed (UTC, microseconds), "key": key id}

prefixed by ``strongroom:checkpoint:v1\\n``. Whoever holds a checkpoint can later prove that
entries 1..size were not changed, removed or reordered since: any such change alters the head.

The periodic job ``history.checkpoint`` seals the reads still waiting for the sealer and signs
every chain whose head moved since its last checkpoint; :func:`checkpoint_company` signs a
company's chains at once (company termination takes its final checkpoint this way).
Checkpoints are part of the history machinery, not business records: they are written here,
never through an action, and never changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.history import action, chain, signing
from strongroom.platform.history.models import AccessRead, AuditEvent, ChainHead, Checkpoint
from strongroom.platform.history.tracking import canonical
from strongroom.platform.jobs.registry import periodic

DOMAIN = b"strongroom:checkpoint:v1\n"
EVERY = timedelta(minutes=10)


def statement(checkpoint: Checkpoint) -> dict[str, Any]:
    """What a checkpoint's signature covers."""
    return {
        "v": 1,
        "chain": checkpoint.chain_key,
        "size": checkpoint.size,
        "head": checkpoint.head_hash,
        "at": canonical(checkpoint.signed_at),
        "key": checkpoint.key_id,
    }


def message(checkpoint: Checkpoint) -> bytes:
    """The bytes a checkpoint's signature is over."""
    return DOMAIN + chain.canonical_bytes(statement(checkpoint))


def signature_valid(checkpoint: Checkpoint) -> bool:
    """Whether the checkpoint is signed by a known audit key (current or earlier)."""
    return signing.verify(checkpoint.key_id, message(checkpoint), checkpoint.signature)


def checkpoint_now(chain_key: str) -> Checkpoint | None:
    """Sign the chain's current head and return the checkpoint; when the head has not moved
    since the latest checkpoint, return that one. None for a chain with no entries."""
    with transaction.atomic():
        head = ChainHead.objects.filter(chain_key=chain_key).first()
        if head is None or head.sequence == 0:
            return None
        latest = latest_checkpoint(chain_key)
        if latest is not None and latest.size == head.sequence:
            return latest
        checkpoint = Checkpoint(
            chain_key=chain_key,
            size=head.sequence,
            head_hash=head.head_hash,
            signed_at=timezone.now(),
            key_id=signing.key_id(signing.signing_key().public_key()),
        )
        checkpoint.key_id, checkpoint.signature = signing.sign(message(checkpoint))
        checkpoint.save(force_insert=True)
        return checkpoint


def checkpoint_company(company_id: int) -> list[Checkpoint]:
    """Seal the company's waiting reads and checkpoint its audit chain and access-log chain now
    (e.g. before termination), entries the running action recorded included; returns the
    chains' latest checkpoints."""
    action.chain_pending()
    keys = (chain.chain_key_for(company_id), chain.read_chain_key_for(company_id))
    chain.seal_reads(keys[1])
    return [cp for cp in (checkpoint_now(key) for key in keys) if cp is not None]


def latest_checkpoint(chain_key: str) -> Checkpoint | None:
    return Checkpoint.objects.filter(chain_key=chain_key).order_by("-size", "-id").first()


def chains_needing_checkpoint() -> list[str]:
    """Chains whose head moved since their latest checkpoint (or that have none)."""
    signed = dict(
        Checkpoint.objects.values("chain_key").annotate(size=Max("size")).values_list(
            "chain_key", "size"
        )
    )
    heads = ChainHead.objects.filter(sequence__gt=0).values_list("chain_key", "sequence")
    return sorted(key for key, sequence in heads if signed.get(key, 0) < sequence)


def oldest_unsigned_entry() -> datetime | None:
    """When the oldest entry that no checkpoint covers yet was written (None: every entry of
    every chain is covered). One query for the chains, one per entry table for the times."""
    signed = Checkpoint.objects.filter(chain_key=OuterRef("chain_key")).order_by("-size")
    heads = ChainHead.objects.filter(sequence__gt=0).annotate(
        signed=Subquery(signed.values("size")[:1])
    ).values_list("chain_key", "sequence", "signed")
    first_unsigned = [(key, (size or 0) + 1) for key, sequence, size in heads
                      if (size or 0) < sequence]
    found = []
    for model, reads in ((AuditEvent, False), (AccessRead, True)):
        wanted = [(key, at) for key, at in first_unsigned if key.startswith("a:") == reads]
        for start in range(0, len(wanted), 200):
            condition = Q()
            for key, sequence in wanted[start:start + 200]:
                condition |= Q(chain_key=key, sequence=sequence)
            oldest = model.objects.filter(condition).aggregate(at=Min("occurred_at"))["at"]
            if oldest is not None:
                found.append(oldest)
    waiting = AccessRead.objects.filter(sequence__isnull=True).aggregate(at=Min("occurred_at"))
    if waiting["at"] is not None:  # not even sealed into its chain yet
        found.append(waiting["at"])
    return min(found, default=None)


def newest_checkpoint_time() -> datetime | None:
    """When the newest checkpoint was signed (None: none yet)."""
    return Checkpoint.objects.order_by("-id").values_list("signed_at", flat=True).first()


@periodic(name="history.checkpoint", every=EVERY)
def checkpoint_moved_chains(actor: Actor) -> str:
    """Sign a checkpoint of every audit and access-log chain whose head moved."""
    chain.seal_all()  # reads still waiting for the sealer are covered too
    keys = chains_needing_checkpoint()
    for key in keys:
        checkpoint_now(key)
    return f"{len(keys)} chain(s) checkpointed"
