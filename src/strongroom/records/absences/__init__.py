"""Absence requests, types, balances and calendar."""
