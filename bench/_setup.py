"""Run a benchmark against a throwaway installation: its own data directory and database."""

from __future__ import annotations

import os
import tempfile


def django_for_bench() -> str:
    """Point Strongroom at a fresh data directory (SQLite unless STRONGROOM_DATABASE_URL is set),
    set Django up and migrate. Returns the data directory."""
    data_dir = tempfile.mkdtemp(prefix="strongroom-bench-")
    os.environ.setdefault("STRONGROOM_DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strongroom.project.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return data_dir
