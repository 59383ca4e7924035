"""Uploaded files: limits, type sniffing, storage and policy-checked download."""
