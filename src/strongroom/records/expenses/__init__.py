"""Expense claims with lines, receipts and mileage."""
