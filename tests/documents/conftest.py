"""Signed-in clients and a clean file storage for the documents tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from tests.auth import sign_in
from tests.conftest import World


@pytest.fixture
def files_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """A storage of our own, so tests can count what is stored."""
    from django.core.files.storage import storages

    location = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "files": {
            "BACKEND": "strongroom.platform.files.backends.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    storages._storages.pop("files", None)
    yield location
    storages._storages.pop("files", None)


@pytest.fixture
def manager_client(world: World, files_dir: Path) -> Client:
    client = Client()
    sign_in(client, world.a.user(perms.MANAGER))
    return client


def stored_files(location: Path) -> list[Path]:
    """Every stored object under ``location``."""
    return [path for path in location.rglob("*") if path.is_file()] if location.exists() else []
