"""Settings for the test suite: the project's settings with a throwaway data directory."""

import os
import tempfile

os.environ.setdefault("STRONGROOM_DATA_DIR", tempfile.mkdtemp(prefix="strongroom-test-"))
os.environ.setdefault(
    "STRONGROOM_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
)

from strongroom.project.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
