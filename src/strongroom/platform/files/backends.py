"""Storage backends for uploaded files."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on the local disk (owner-only permissions) that have no URL: they are served only
    through policy-checked views."""

    def url(self, name: str | None) -> str:
        raise ValueError("Stored files are not accessible via a URL; use a download view.")
