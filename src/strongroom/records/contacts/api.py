"""API operations of contacts (mounted by api/api.py)."""

from ninja import Router

router = Router(tags=["Contacts"])
