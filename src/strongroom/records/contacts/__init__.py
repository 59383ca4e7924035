"""Customer organisations and their contact persons (P-D4)."""
