"""Jobs test helpers: a registry holding only the jobs a test declares, and the real queue."""

from __future__ import annotations

from typing import Any

import pytest

from strongroom.platform.jobs import registry

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def only_test_jobs(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Hide the built-in jobs so a test sees exactly the jobs it registers."""
    jobs: dict[str, Any] = {}
    monkeypatch.setattr(registry, "_JOBS", jobs)
    return jobs


@pytest.fixture
def database_queue(settings: Any) -> None:
    """The production queue (django-tasks' database backend) instead of inline execution."""
    settings.TASKS = DATABASE_QUEUE
