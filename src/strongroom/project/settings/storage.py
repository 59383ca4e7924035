"""Files on disk: static files (served by WhiteNoise) and uploads (platform/files), which are
never served from a URL, only through policy-checked views; and how long records are kept where
no country rule says so."""

from __future__ import annotations

from strongroom.project import env, files_storage
from strongroom.project.settings.environment import DATA_DIR, PRODUCTION

# Static files: served by WhiteNoise from the data directory after collectstatic.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
WHITENOISE_USE_FINDERS = not PRODUCTION

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "files": files_storage.from_env(data_dir=DATA_DIR, production=PRODUCTION),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "files"

# Uploads: a size limit, and a first upload handler that stops buffering past it.
STRONGROOM_MAX_UPLOAD_MB = env.get_int("MAX_UPLOAD_MB", 25, minimum=1)
FILE_UPLOAD_HANDLERS = [
    "strongroom.platform.files.upload.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Statutory retention outside the countries with their own rule (platform/retention/rules.py).
STRONGROOM_RETENTION_DEFAULT_YEARS = env.get_int("RETENTION_DEFAULT_YEARS", 10, minimum=1)
