"""Support access by consent: grants and audited impersonation (P-B4, P-B5)."""
