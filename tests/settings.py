"""Settings for the test suite: the project's settings with a throwaway data directory."""

import os
import tempfile

os.environ.setdefault("STRONGROOM_DATA_DIR", tempfile.mkdtemp(prefix="strongroom-test-"))
os.environ.setdefault(
    "STRONGROOM_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
)
os.environ.setdefault("STRONGROOM_BACKUP_ENABLED", "false")  # tests/backups turn them on

from strongroom.project.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# A file, not SQLite's shared in-memory database, so that threads in concurrency tests see the
# same locking (WAL, busy timeout, IMMEDIATE transactions) as a real deployment.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
if DATABASES["keys"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["keys"]["TEST"] = {"NAME": str(DATA_DIR / "test-keys.sqlite3")}  # noqa: F405

# A model with encrypted fields, standing in for the records apps in the key store's tests.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.keys.testapp"]  # noqa: F405
