"""Files attached to the company or a record, with versions (P-D4)."""
