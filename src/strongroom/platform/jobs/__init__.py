"""Background and periodic jobs, each run recorded."""
