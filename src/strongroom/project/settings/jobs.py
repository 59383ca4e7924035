"""Background and periodic jobs: django-tasks with its database backend (platform/jobs)."""

from __future__ import annotations

from strongroom.project import env

TASKS = {
    "default": {
        "BACKEND": env.get_choice(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            ("django_tasks_db.DatabaseBackend", "django_tasks.backends.immediate.ImmediateBackend"),
        ),
        "QUEUES": ["default"],
    }
}
STRONGROOM_SCHEDULER_TICK_SECONDS = env.get_int("SCHEDULER_TICK_SECONDS", 30, minimum=1)
STRONGROOM_JOB_RUN_RETENTION_DAYS = env.get_int("JOB_RUN_RETENTION_DAYS", 90, minimum=1)
