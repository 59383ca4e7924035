"""Shared fixtures for the backup tests: one S3-compatible store for the session, and a
directory the postgres OS user owns for throwaway clusters and pgBackRest's files."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backups import servers
from tests.backups.pgcluster import postgres_dir


@pytest.fixture(scope="session")
def object_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.ObjectStore]:
    """SeaweedFS's S3 gateway over TLS, started once (it takes about 20 s)."""
    with servers.object_store(tmp_path_factory.mktemp("s3")) as store:
        yield store


@pytest.fixture(scope="session")
def postgres_base() -> Iterator[Path]:
    """A fresh directory owned by postgres, removed at the end of the session."""
    base = postgres_dir(Path(tempfile.gettempdir()), prefix="strongroom-pg-")
    yield base
    shutil.rmtree(base, ignore_errors=True)
