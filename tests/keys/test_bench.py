"""bench/keys.py keeps working (its figures are in docs/performance.md)."""

from __future__ import annotations

from bench import keys


def test_bench_runs_on_a_small_scale(db: None) -> None:
    fields = keys.bench_fields(50, keys._company())
    assert fields["raw"] > 0
    assert fields["field_layer"] > 0
    assert keys.bench_rewrap_memory(100)["keys"] == 100
    assert keys.bench_rewrap_db(30)["keys"] >= 30
