"""API operations of expenses (mounted by api/api.py)."""

from ninja import Router

router = Router(tags=["Expenses"])
