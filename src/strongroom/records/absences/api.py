"""API operations of absences (mounted by api/api.py)."""

from ninja import Router

router = Router(tags=["Absences"])
