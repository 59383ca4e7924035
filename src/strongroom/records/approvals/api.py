"""API operations of approvals (mounted by api/api.py)."""

from ninja import Router

router = Router(tags=["Approvals"])
