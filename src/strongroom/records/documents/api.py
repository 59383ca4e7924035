"""API operations of documents (mounted by api/api.py)."""

from ninja import Router

router = Router(tags=["Documents"])
