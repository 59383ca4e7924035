"""Upload checks: the size limit, a safe name, and content that matches its extension."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadhandler import FileUploadHandler

from strongroom.platform.files import kinds
from strongroom.platform.files.names import extension_of, safe_name


def max_upload_bytes() -> int:
    """The largest file accepted (``STRONGROOM_MAX_UPLOAD_MB``, default 25 MB)."""
    return int(settings.STRONGROOM_MAX_UPLOAD_MB) * 1024 * 1024


class UploadTooLarge(ValidationError):
    """A file over the size limit: a form shows it as the field's error, the API answers 413."""


class SizeLimitUploadHandler(FileUploadHandler):
    """First upload handler: passes a file's data on only up to the size limit plus one chunk,
    so an oversize upload is neither buffered in memory nor written to disk in full. What
    reaches the next handlers is still over the limit, and the upload check refuses it."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        already = self._received
        self._received += len(raw_data)
        return raw_data if already <= max_upload_bytes() else None

    def file_complete(self, file_size: int) -> None:
        return None


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check: its safe name and detected kind."""

    file: File[bytes]
    name: str
    kind: kinds.Kind


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_upload(upload: File[bytes] | None, *, field: str = "file") -> CheckedUpload:
    """Refuse (ValidationError on ``field``) a missing, empty or oversize file, an extension
    outside the allow-list, or content that is not what the extension says."""
    if upload is None:
        raise ValidationError({field: "Choose a file to upload."})
    name = safe_name(upload.name or "")
    size = upload.size or 0
    if size == 0:
        raise ValidationError({field: "The file is empty."})
    limit = max_upload_bytes()
    if size > limit:
        # Past the limit the upload handler stops keeping data, so the exact size is unknown.
        raise UploadTooLarge({field: f"The file is larger than the limit of {_megabytes(limit)}."})
    extension = extension_of(name)
    kind = kinds.kind_for_extension(extension)
    if kind is None:
        allowed = ", ".join(f".{ext}" for ext in kinds.ALLOWED_EXTENSIONS)
        shown = f".{extension}" if extension else "no extension"
        raise ValidationError({field: f"Files with {shown} are not accepted. Allowed: {allowed}."})
    if not kinds.matches(kind, upload):
        upload.seek(0)
        found = kinds.describe_content(upload.read(kinds.HEAD_BYTES))
        raise ValidationError(
            {field: f"The content is not a {kind.label} as .{extension} says; it looks like "
                    f"{found}. Upload the real file."}
        )
    upload.seek(0)
    return CheckedUpload(file=upload, name=name, kind=kind)
