"""Where files are stored, from STRONGROOM_FILES_* (project/files_storage.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from strongroom.project import files_storage


def test_filesystem_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("STRONGROOM_FILES_STORAGE", raising=False)
    monkeypatch.delenv("STRONGROOM_FILES_DIR", raising=False)
    entry = files_storage.from_env(data_dir=tmp_path, production=True)
    assert entry["BACKEND"] == "strongroom.platform.files.backends.PrivateFileSystemStorage"
    assert entry["OPTIONS"]["location"] == str((tmp_path / "files").resolve())
    assert entry["OPTIONS"]["file_permissions_mode"] == 0o600


def test_files_dir_can_move(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STRONGROOM_FILES_DIR", str(tmp_path / "elsewhere"))
    entry = files_storage.from_env(data_dir=tmp_path, production=False)
    assert entry["OPTIONS"]["location"] == str((tmp_path / "elsewhere").resolve())


def test_unknown_backend_stops_start_up(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STRONGROOM_FILES_STORAGE", "ftp")
    with pytest.raises(ImproperlyConfigured, match="STRONGROOM_FILES_STORAGE"):
        files_storage.from_env(data_dir=tmp_path, production=False)


@pytest.mark.skipif(
    importlib.util.find_spec("storages") is not None, reason="django-storages is installed here"
)
def test_s3_without_django_storages_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STRONGROOM_FILES_STORAGE", "s3")
    with pytest.raises(ImproperlyConfigured, match="django-storages"):
        files_storage.from_env(data_dir=tmp_path, production=False)


def test_s3_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    monkeypatch.setenv("STRONGROOM_FILES_STORAGE", "s3")
    with pytest.raises(ImproperlyConfigured, match="FILES_S3_BUCKET"):
        files_storage.from_env(data_dir=tmp_path, production=True)
    monkeypatch.setenv("STRONGROOM_FILES_S3_BUCKET", "records")
    monkeypatch.setenv("STRONGROOM_FILES_S3_ENDPOINT_URL", "http://minio.internal:9000")
    with pytest.raises(ImproperlyConfigured, match="https"):
        files_storage.from_env(data_dir=tmp_path, production=True)
    secret = tmp_path / "s3-secret"
    secret.write_text("s3cr3t-value\n")
    monkeypatch.setenv("STRONGROOM_FILES_S3_ENDPOINT_URL", "https://s3.example.net")
    monkeypatch.setenv("STRONGROOM_FILES_S3_SECRET_ACCESS_KEY_FILE", str(secret))
    entry = files_storage.from_env(data_dir=tmp_path, production=True)
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    options = entry["OPTIONS"]
    assert options["bucket_name"] == "records"
    assert options["secret_key"] == "s3cr3t-value"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
