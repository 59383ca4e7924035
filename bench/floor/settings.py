"""Settings of the floor app: its own database (``FLOOR_DATABASE_URL``, parsed as Strongroom
parses its own, so SQLite gets the same pragmas and PostgreSQL the same persistent
connections) and no middleware at all."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from strongroom.project.env import parse_database_url

DATA_DIR = Path(os.environ.get("FLOOR_DATA_DIR", "."))
SECRET_KEY = os.environ.get("FLOOR_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = ["bench.floor"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.floor.urls"
DATABASES = {
    "default": parse_database_url(
        os.environ.get("FLOOR_DATABASE_URL", "sqlite:///floor.sqlite3"), data_dir=DATA_DIR,
        variable="FLOOR_DATABASE_URL", default_file="floor.sqlite3",
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
