"""The allow-list of file types, and what a file's content says it is (magic bytes).

A file is accepted only when its extension names an allowed kind and its content is of that
kind: a ``.pdf`` that is an executable, a ``.png`` that is a PDF and a ``.txt`` holding binary
data are all refused. The content type we store and serve is the detected one, never the one the
client sent.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

HEAD_BYTES = 8192  # how much of the start of a file sniffing reads
TEXT_SAMPLE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Kind:
    """An allowed kind of file."""

    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = Kind("pdf", "PDF", "application/pdf", ("pdf",))
PNG = Kind("png", "PNG image", "image/png", ("png",))
JPEG = Kind("jpeg", "JPEG image", "image/jpeg", ("jpg", "jpeg"))
WEBP = Kind("webp", "WebP image", "image/webp", ("webp",))
GIF = Kind("gif", "GIF image", "image/gif", ("gif",))
TEXT = Kind("text", "Plain text", "text/plain; charset=utf-8", ("txt",))
CSV = Kind("csv", "CSV", "text/csv; charset=utf-8", ("csv",))
DOCX = Kind(
    "docx", "Word document (docx)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",),
)
XLSX = Kind(
    "xlsx", "Excel workbook (xlsx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",),
)
ALLOWED: tuple[Kind, ...] = (PDF, PNG, JPEG, WEBP, GIF, TEXT, CSV, DOCX, XLSX)
BY_EXTENSION: dict[str, Kind] = {ext: kind for kind in ALLOWED for ext in kind.extensions}
ALLOWED_EXTENSIONS: tuple[str, ...] = tuple(sorted(BY_EXTENSION))

# Recognised but never accepted: named in the error message so the user knows what they sent.
_REFUSED_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "a Linux executable"),
    (b"\xcf\xfa\xed\xfe", "a macOS executable"),
    (b"\xca\xfe\xba\xbe", "a macOS or Java executable"),
    (b"#!", "a script"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office file"),
)


def kind_for_extension(extension: str) -> Kind | None:
    """The allowed kind a file extension (without dot, any case) names, if any."""
    return BY_EXTENSION.get(extension.lower())


def _image_or_pdf(head: bytes) -> Kind | None:
    """The kind of a PDF or image, told by its first bytes alone."""
    if head.startswith(b"%PDF-"):
        # Readers accept the header within the first 1024 bytes; we ask for it at the start.
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def describe_content(head: bytes) -> str:
    """A short description of content that did not match its extension, for error messages."""
    found = _image_or_pdf(head)
    if found is not None:
        return f"a {found.label}"
    for signature, description in _REFUSED_SIGNATURES:
        if head.startswith(signature):
            return description
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive (or an Office file with macros)"
    if b"\x00" in head:
        return "binary data"
    return "something else"


def matches(kind: Kind, stream: IO[bytes]) -> bool:
    """Whether the content of ``stream`` (seekable, read from its start) is of ``kind``."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    if kind in (TEXT, CSV):
        stream.seek(0)
        return _is_text(stream.read(TEXT_SAMPLE_BYTES))
    if kind in (DOCX, XLSX):
        return head.startswith(b"PK\x03\x04") and _is_ooxml(stream, kind)
    return _image_or_pdf(head) is kind


def _is_text(sample: bytes) -> bool:
    """UTF-8 text (a BOM allowed) without NUL or other control characters but tab and breaks."""
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may end in the middle of a character: only the tail may be incomplete.
        if error.start < len(sample) - 3:
            return False
        text = sample[: error.start].decode("utf-8")
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text) and "\x7f" not in text


def _is_ooxml(stream: IO[bytes], kind: Kind) -> bool:
    """An Office Open XML package of the right kind: a ZIP with [Content_Types].xml and the
    main part of a Word document or an Excel workbook, without macros (a .docm or .xlsm
    renamed). Nothing is extracted."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    main_part = "word/document.xml" if kind is DOCX else "xl/workbook.xml"
    has_macros = any(name.lower().endswith("vbaproject.bin") for name in names)
    return "[Content_Types].xml" in names and main_part in names and not has_macros
