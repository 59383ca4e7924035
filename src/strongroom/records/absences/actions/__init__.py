"""Writes of absences: types and entitlements (``types``), requests (``requests``)."""
