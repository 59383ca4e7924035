"""The floor of ``bench.api``: a bare Django app doing the same database work as Strongroom's
contacts and invoices API (the same table shape, JSON in and out) with none of its protections:
no authentication, tenancy, encryption, history or access log."""
