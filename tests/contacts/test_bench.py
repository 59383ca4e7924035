"""bench/search.py keeps working (its figures are in docs/performance.md)."""

from __future__ import annotations

from bench import search


def test_bench_runs_on_a_small_scale(db: None) -> None:
    actor, company = search.people(80)
    results = search.bench_queries(actor, rounds=2)
    assert results["no match"]["found"] == 0
    assert results["phone digits"]["p95"] > 0
    exact = results["baseline: exact name (blind index)"]["found"]
    assert results["first + last name"]["found"] >= exact
    used = search.storage(company.pk, 80)
    assert used["tokens"] > 20
