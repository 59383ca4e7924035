"""API operations of invoices (mounted by api/api.py)."""

from ninja import Router

router = Router(tags=["Invoices"])
