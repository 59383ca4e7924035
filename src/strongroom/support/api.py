"""API operations of support access (mounted by api/api.py)."""

from ninja import Router

router = Router(tags=["Support access"])
