"""What an operation that answers a stored file declares: the media types it really sends."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from strongroom.platform.files.kinds import ALLOWED, Kind

BINARY: dict[str, str] = {"type": "string", "format": "binary"}


def download(description: str, kinds: Iterable[Kind] = ALLOWED) -> dict[str, Any]:
    """``openapi_extra`` of an operation whose 200 is a stored file: its bytes under each media
    type it may have (the type detected at upload, ``platform/files/kinds.py``)."""
    return {"responses": {200: {
        "description": description,
        "content": {kind.content_type: {"schema": BINARY} for kind in kinds},
    }}}
