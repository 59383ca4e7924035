"""Prometheus metrics (P-F5): counters kept by every process, figures read at scrape time, and
the ``/metrics`` endpoint behind a bearer token (docs/operations.md, "Metrics and alerts")."""
