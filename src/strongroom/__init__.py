"""Strongroom: business records with provable security and compliance promises."""

__version__ = "0.1.0"
