"""Substring search on encrypted fields through keyed n-gram tokens (P-C2)."""
