"""Invoices and credit notes; issued invoices are immutable (P-D3)."""
