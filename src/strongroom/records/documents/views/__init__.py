"""Web pages of documents."""
