"""bench/files.py keeps working (its figures are in docs/performance.md)."""

from __future__ import annotations

from bench import files


def test_bench_runs_on_a_small_scale(db: None) -> None:
    stream = files.bench_stream(3 * files.MIB + 5, 64 * 1024)
    assert stream["seal"] > 0
    assert stream["open"] > 0
    assert files.bench_raw_gcm(files.MIB, 64 * 1024) > 0
    assert 0 < files.bench_memory(2 * files.MIB, 64 * 1024) < files.MIB  # streamed, not held
    stored = files.bench_storage(files.MIB + 1)
    assert stored["write"] > 0
    assert stored["read"] > 0
