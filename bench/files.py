"""Benchmarks of file encryption at rest (P-C2, P-H1).

    .venv/bin/python -m bench.files [--mib N] [--storage-mib N]

1. Stream throughput: ``--mib`` MiB (default 256) sealed and opened by
   ``platform/keys/streams.py`` on one core, at 64 KiB and 1 MiB chunks, fed in chunk-sized
   pieces as the storage layer does. Target: at least 500 MB/s each way. AES-256-GCM alone
   over the same buffers is measured as the ceiling.
2. Memory: the peak of Python allocations while a 64 MiB stream is sealed and opened through
   generators (input made on the fly, output discarded): it stays at a few chunks.
3. Storage path: ``--storage-mib`` MiB (default 64) through ``files.storage.write`` and ``read``
   (file key, SHA-256 of the plain bytes, the file system), on SQLite in a throwaway data
   directory.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

from bench._setup import bench_parser, describe_machine, django_for_bench

MIB = 1024 * 1024


def _plain(total: int, piece: int) -> Iterator[bytes]:
    """``total`` bytes of random-looking data in pieces of ``piece`` bytes, made on the fly."""
    block = os.urandom(piece)
    for _ in range(total // piece):
        yield block
    if total % piece:
        yield block[: total % piece]


def bench_stream(total: int, chunk_size: int) -> dict[str, float]:
    """MB/s (10^6 bytes per second) sealing and opening ``total`` bytes, wall and CPU."""
    from strongroom.platform.keys import streams
    from strongroom.platform.keys.crypto import new_key

    key, context = new_key(), b"1\x1fbench"
    started, cpu = time.perf_counter(), time.process_time()
    for _ in streams.seal(key, _plain(total, chunk_size), context=context,
                          chunk_size=chunk_size):
        pass  # written out and dropped, as the storage does
    seal_wall, seal_cpu = time.perf_counter() - started, time.process_time() - cpu
    sealed = list(streams.seal(key, _plain(total, chunk_size), context=context,
                               chunk_size=chunk_size))
    started, cpu = time.perf_counter(), time.process_time()
    opened = 0
    for chunk in streams.open_stream(key, sealed, context=context):
        opened += len(chunk)
    open_wall, open_cpu = time.perf_counter() - started, time.process_time() - cpu
    if opened != total:
        raise SystemExit("the stream did not open to its full length")
    return {
        "seal": total / seal_wall / 1e6, "seal_cpu": total / seal_cpu / 1e6,
        "open": total / open_wall / 1e6, "open_cpu": total / open_cpu / 1e6,
    }


def bench_raw_gcm(total: int, chunk_size: int) -> float:
    """MB/s of AES-256-GCM alone over ``chunk_size`` buffers: the ceiling for the format."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead, block, nonce = AESGCM(AESGCM.generate_key(bit_length=256)), os.urandom(chunk_size), \
        os.urandom(12)
    started = time.process_time()
    for _ in range(total // chunk_size):
        aead.encrypt(nonce, block, b"")
    return total / (time.process_time() - started) / 1e6


def bench_memory(total: int, chunk_size: int) -> int:
    """Peak bytes allocated by Python while ``total`` bytes are sealed and opened, streaming."""
    from strongroom.platform.keys import streams
    from strongroom.platform.keys.crypto import new_key

    key, context = new_key(), b"1\x1fbench"
    tracemalloc.start()
    try:
        sealed = streams.seal(key, _plain(total, chunk_size), context=context,
                              chunk_size=chunk_size)
        for _ in streams.open_stream(key, sealed, context=context):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bench_storage(total: int) -> dict[str, float]:
    """MB/s through the storage layer: write (seal, hash, disk) and read (disk, open, hash)."""
    from django.core.management import call_command

    from strongroom.platform.access.actor import cli_actor
    from strongroom.platform.files import storage
    from strongroom.platform.files.models import StoredFile
    from strongroom.platform.lifecycle import actions as lifecycle

    call_command("migrate", database="keys", verbosity=0)  # the key store is its own database
    company = lifecycle.create_company(
        actor=cli_actor(command="bench"), slug="bench-files", name="Bench Files AS",
        country="NO", region="eu-north", currency="NOK", owner_email="owner@bench-files.test",
    )
    with tempfile.TemporaryFile() as source:
        for piece in _plain(total, MIB):
            source.write(piece)
        stored = StoredFile(
            company=company, name="bench.bin", content_type="application/octet-stream",
            storage_name=storage.new_storage_name(company.pk),
        )
        started = time.perf_counter()
        storage.write(stored, source)
        write = total / (time.perf_counter() - started) / 1e6
    started = time.perf_counter()
    read = sum(len(chunk) for chunk in storage.read(stored))
    read_rate = total / (time.perf_counter() - started) / 1e6
    storage.delete(stored.storage_name)
    if read != total:
        raise SystemExit("the stored file did not read back to its full length")
    return {"write": write, "read": read_rate}


def _print_stream(label: str, figures: dict[str, Any]) -> None:
    print(f"{label:>9} chunks: seal {figures['seal']:7.0f} MB/s "
          f"({figures['seal_cpu']:.0f} per CPU second), open {figures['open']:7.0f} MB/s "
          f"({figures['open_cpu']:.0f} per CPU second)  (target >= 500 MB/s)")


def main() -> None:
    parser = bench_parser(__doc__.split("\n")[0])
    parser.add_argument("--mib", type=int, default=256)
    parser.add_argument("--storage-mib", type=int, default=64)
    args = parser.parse_args()
    django_for_bench(reset=args.reset_database)
    describe_machine()
    total = args.mib * MIB
    print(f"# stream of {args.mib} MiB on one core")
    for label, chunk_size in (("64 KiB", 64 * 1024), ("1 MiB", MIB)):
        _print_stream(label, bench_stream(total, chunk_size))
        print(f"{'':>9}         AES-256-GCM alone: {bench_raw_gcm(total, chunk_size):7.0f} MB/s "
              "per CPU second")
    for label, chunk_size in (("64 KiB", 64 * 1024), ("1 MiB", MIB)):
        peak = bench_memory(64 * MIB, chunk_size)
        print(f"peak memory, 64 MiB stream, {label} chunks: {peak / MIB:.2f} MiB")
    stored = bench_storage(args.storage_mib * MIB)
    print(f"storage path, {args.storage_mib} MiB: write {stored['write']:.0f} MB/s, "
          f"read {stored['read']:.0f} MB/s (file key, SHA-256, disk)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
