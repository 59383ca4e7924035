"""Where uploaded files are stored: the ``files`` entry of ``STORAGES``, from the environment.

``STRONGROOM_FILES_STORAGE=filesystem`` (the default) keeps them under ``<data dir>/files``;
``s3`` uses an S3-compatible object store through django-storages (installed separately with
``pip install 'django-storages[s3]'``). Either way no URL serves the stored objects: files are
read only through policy-checked views (platform/files).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from strongroom.project import env


def _secret(name: str) -> str:
    """``STRONGROOM_<name>`` or the content of the file named by ``STRONGROOM_<name>_FILE``."""
    value = env.get_str(name)
    if value:
        return value
    file_name = env.get_str(name + "_FILE")
    if not file_name:
        return ""
    path = Path(file_name)
    if not path.is_file():
        raise ImproperlyConfigured(f"{env.PREFIX}{name}_FILE points to a missing file: {path}")
    return path.read_text().strip()


def from_env(*, data_dir: Path, production: bool) -> dict[str, Any]:
    """The ``STORAGES["files"]`` entry described by the ``STRONGROOM_FILES_*`` variables."""
    kind = env.get_choice("FILES_STORAGE", "filesystem", ("filesystem", "s3"))
    if kind == "filesystem":
        location = env.get_path("FILES_DIR", data_dir / "files")
        return {
            "BACKEND": "strongroom.platform.files.backends.PrivateFileSystemStorage",
            "OPTIONS": {
                "location": str(location),
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            f"{env.PREFIX}FILES_STORAGE=s3 needs django-storages: "
            "pip install 'django-storages[s3]'"
        )
    bucket = env.get_str("FILES_S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured(f"{env.PREFIX}FILES_S3_BUCKET must name the bucket")
    endpoint = env.get_str("FILES_S3_ENDPOINT_URL")
    if production and endpoint.startswith("http://"):
        raise ImproperlyConfigured(f"{env.PREFIX}FILES_S3_ENDPOINT_URL must use https")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "region_name": env.get_str("FILES_S3_REGION") or None,
        "endpoint_url": endpoint or None,
        "access_key": env.get_str("FILES_S3_ACCESS_KEY_ID") or None,
        "secret_key": _secret("FILES_S3_SECRET_ACCESS_KEY") or None,
        "location": env.get_str("FILES_S3_PREFIX"),
        "default_acl": "private",
        "querystring_auth": True,  # never an unsigned public URL
        "file_overwrite": False,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
