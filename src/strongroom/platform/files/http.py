"""The HTTP answer that serves a file: streamed, as an attachment, never sniffed or framed."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from strongroom.platform.files.selectors import Download


def download_response(download: Download) -> StreamingHttpResponse:
    """Stream ``download`` with its detected type, its safe name as an attachment, and headers
    that keep browsers from sniffing, rendering, framing or caching it."""
    stored = download.file
    response = StreamingHttpResponse(download.chunks, content_type=stored.content_type)
    response["Content-Length"] = str(stored.size)
    response["Content-Disposition"] = content_disposition_header(True, stored.name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["X-Frame-Options"] = "DENY"
    return response
