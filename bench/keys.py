"""Benchmarks of encryption and key rotation (P-C2, P-C3, P-H1).

    .venv/bin/python -m bench.keys [--fields N] [--rewrap N] [--db-keys N] [--reset-database]

1. Field encrypt+decrypt: µs per value (a 40-character text), raw (``crypto.seal_field`` and
   ``open_field`` with the key at hand) and through the field layer (``values.seal`` and
   ``open_token``: key lookup in the in-process cache, binding context, token encoding).
   Target: at most 5 µs.
2. Rewrap throughput, in memory: ``--rewrap`` wrapped data keys (default 1,000,000) are opened
   under an old company key and sealed under a new one, as a rotation does, on one core.
   Target: 1,000,000 in at most 60 s.
3. Rewrap throughput through the key store: ``--db-keys`` data keys (default 20,000) in one
   company, rotated with ``rotation_runs.rotate_company`` (row locks, batches of 1,000, one audit
   entry per batch). Reported per second and extrapolated to 1,000,000.

Runs on SQLite in a throwaway data directory, or on PostgreSQL when STRONGROOM_DATABASE_URL
points at an empty database.
"""

from __future__ import annotations

import os
import secrets
import time
import timeit
from typing import Any

from bench._setup import bench_parser, describe_machine, django_for_bench

TEXT = "Kari Nordmann, Storgata 1, 0155 Oslo, NO"


class _Record:
    """Stands in for a record with a personal encrypted field (what values.seal needs)."""

    encryption_record_type = "bench.person"

    def __init__(self, company_id: int) -> None:
        self.company_id = company_id
        self.pk = "7f0c6c1e-6a55-4c1b-9d3c-2f1f7e1f9a10"

    def encryption_subject(self) -> str:
        return "bench:1"


def _company() -> int:
    from strongroom.platform.access.actor import cli_actor
    from strongroom.platform.lifecycle import actions as lifecycle

    company = lifecycle.create_company(
        actor=cli_actor(command="bench"), slug=f"bench{secrets.randbelow(10**6)}",
        name="Bench AS", country="NO", region="eu-north", currency="NOK",
        owner_email=f"owner{secrets.randbelow(10**6)}@bench.test",
    )
    return int(company.pk)


def bench_fields(count: int, company_id: int) -> dict[str, float]:
    """µs per encrypt+decrypt of one value, raw and through the field layer (best of 5)."""
    from strongroom.platform.keys import crypto, values

    record: Any = _Record(company_id)
    key = values.key_for(record, personal=True, company_id=company_id)
    context = crypto.field_context(company_id, "bench.person", str(record.pk), "name")

    def raw() -> None:
        token = crypto.seal_field(key.aead, key.key_id, key.version, TEXT, context)
        crypto.open_field(key.aead, crypto.decode_field(token)[2], context)

    def layered() -> None:
        token = values.seal(record, "name", TEXT, personal=True)
        values.open_token(token, company_id=company_id, record_type="bench.person",
                          record_id=str(record.pk), field_name="name")

    layered()  # the key into the cache
    result = {}
    for name, function in (("raw", raw), ("field_layer", layered)):
        best = min(timeit.repeat(function, number=count, repeat=5))
        result[name] = best / count * 1e6
    return result


def bench_rewrap_memory(count: int) -> dict[str, float]:
    """Seconds (wall and CPU) to rewrap ``count`` wrapped data keys in memory."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from strongroom.platform.keys import crypto

    old, new = AESGCM(crypto.new_key()), AESGCM(crypto.new_key())
    contexts = [crypto.data_key_context(1, n + 1, 1) for n in range(count)]
    wrapped = [crypto.wrap(old, os.urandom(32), context) for context in contexts]
    started, cpu = time.perf_counter(), time.process_time()
    rewrapped = [
        crypto.wrap(new, crypto.unwrap(old, blob, context), context)
        for blob, context in zip(wrapped, contexts, strict=True)
    ]
    wall, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    assert len(rewrapped) == count
    return {"keys": count, "wall": wall, "cpu": cpu_used}


def bench_rewrap_db(count: int) -> dict[str, float]:
    """Keys per second rewrapped through the key store by a whole company rotation."""
    from django.db import transaction
    from django.utils import timezone

    from strongroom.platform.access.actor import cli_actor
    from strongroom.platform.keys import crypto, rotation_runs, store
    from strongroom.platform.keys.models import DataKeyset, DataKeyVersion, Purpose
    from strongroom.platform.keys.router import KEYS_DB

    company_id = _company()
    company_key = store.active_company_key(company_id)
    kek = store.company_aead(company_id, company_key.version)
    assert kek is not None
    now = timezone.now()
    for start in range(0, count, 5000):
        ids = [secrets.randbits(62) + 1 for _ in range(min(5000, count - start))]
        with transaction.atomic(using=KEYS_DB):
            DataKeyset.objects.bulk_create([
                DataKeyset(key_id=key_id, company_id=company_id, purpose=Purpose.SUBJECT,
                           subject=f"bench:{key_id}", created_at=now)
                for key_id in ids
            ])
            DataKeyVersion.objects.bulk_create([
                DataKeyVersion(
                    keyset_id=key_id, version=1, company_key_version=company_key.version,
                    wrapped=crypto.wrap(kek, os.urandom(32),
                                        crypto.data_key_context(company_id, key_id, 1)),
                    created_at=now,
                )
                for key_id in ids
            ])
    started, cpu = time.perf_counter(), time.process_time()
    result = rotation_runs.rotate_company(cli_actor(command="bench"), company_id)
    wall, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    assert result.rewrapped >= count
    return {"keys": result.rewrapped, "wall": wall, "cpu": cpu_used}


def main(argv: list[str] | None = None) -> None:
    parser = bench_parser(__doc__.split("\n")[0])
    parser.add_argument("--fields", type=int, default=20_000)
    parser.add_argument("--rewrap", type=int, default=1_000_000)
    parser.add_argument("--db-keys", type=int, default=20_000)
    args = parser.parse_args(argv)
    django_for_bench(reset=args.reset_database)
    describe_machine()
    fields = bench_fields(args.fields, _company())
    print(f"field encrypt+decrypt: {fields['raw']:.2f} µs raw, "
          f"{fields['field_layer']:.2f} µs through the field layer (target <= 5 µs)")
    memory = bench_rewrap_memory(args.rewrap)
    per_million = memory["cpu"] / memory["keys"] * 1e6
    print(f"rewrap in memory: {memory['keys']:,} keys in {memory['wall']:.1f} s wall, "
          f"{memory['cpu']:.1f} s CPU; {per_million:.1f} CPU s per 1,000,000 (target <= 60 s)")
    db = bench_rewrap_db(args.db_keys)
    print(f"rewrap through the key store: {db['keys']:,} keys in {db['wall']:.1f} s wall, "
          f"{db['cpu']:.1f} s CPU: {db['keys'] / db['wall']:,.0f} keys/s, "
          f"1,000,000 in about {db['wall'] / db['keys'] * 1e6:.0f} s")


if __name__ == "__main__":
    main()
