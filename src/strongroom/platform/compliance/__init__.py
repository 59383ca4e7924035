"""The compliance report's checks (P-G8): one live check per promise, each beside the code that
keeps it, registered here with ``@check`` (docs/operations.md, "Compliance report")."""
