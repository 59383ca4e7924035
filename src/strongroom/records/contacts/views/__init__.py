"""Web pages of contacts."""
