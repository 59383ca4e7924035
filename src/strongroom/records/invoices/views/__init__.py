"""Web pages of invoices."""
