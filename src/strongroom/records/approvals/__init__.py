"""Company-defined tag rules and the approval workflow (P-B2)."""
