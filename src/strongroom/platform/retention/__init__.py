"""Statutory retention periods and legal holds: what may not be deleted or erased yet (P-D3)."""
