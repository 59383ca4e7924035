"""Web pages of absences: requests, calendar, balances and types."""
