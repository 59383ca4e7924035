"""Web pages of expenses."""
