"""History and audit: every write is recorded, with its actor, in the same transaction."""
