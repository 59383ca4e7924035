"""Envelope encryption: the key store, encrypted fields, blind indexes, rotation (P-C2, P-C3)."""
