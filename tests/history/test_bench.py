"""bench/history.py keeps working (its figures are in docs/performance.md)."""

from __future__ import annotations

from bench import history


def test_bench_runs_on_a_small_scale(db: None) -> None:
    writes = history.bench_writes(20, rounds=2)
    assert writes["plain"] > 0
    assert writes["history"] > 0
    key = history.make_chain(300)
    verified = history.bench_verify(key)
    assert verified["entries"] > 300  # the company's own entries come first
    assert verified["fast"] > 0
