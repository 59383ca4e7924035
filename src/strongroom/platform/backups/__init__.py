"""Backups, point-in-time recovery and restore drills (P-F1, P-F2, P-F3)."""
