"""Company lifecycle on the platform: creation, termination and its certificate."""
