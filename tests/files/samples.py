"""Small but genuine files of every allowed kind, and disguised ones, for upload tests."""

from __future__ import annotations

import base64
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

# A 1x1 transparent PNG and GIF, a minimal JPEG (SOI + APP0 JFIF), a lossless WebP header.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJ"
    "RU5ErkJggg=="
)
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 64 + b"\xff\xd9"
)
WEBP = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"
    b"\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
TEXT = "Møtereferat\nDeltakere: Kari, Ola\n".encode()
CSV = b"\xef\xbb\xbfdate,amount\n2026-01-02,120.50\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 100


def _ooxml(main_part: str, *extra: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(main_part, '<?xml version="1.0"?><root/>')
        for name in extra:
            archive.writestr(name, b"\xd0\xcf\x11\xe0 macro storage")
    return buffer.getvalue()


DOCX = _ooxml("word/document.xml")
XLSX = _ooxml("xl/workbook.xml")
PLAIN_ZIP = _ooxml("readme.xml")
MACRO_DOCX = _ooxml("word/document.xml", "word/vbaProject.bin")  # a .docm renamed
MACRO_XLSX = _ooxml("xl/workbook.xml", "xl/vbaProject.bin")  # a .xlsm renamed

GOOD: dict[str, bytes] = {
    "report.pdf": PDF, "logo.png": PNG, "photo.jpg": JPEG, "photo.jpeg": JPEG,
    "image.webp": WEBP, "anim.gif": GIF, "notes.txt": TEXT, "ledger.csv": CSV,
    "letter.docx": DOCX, "budget.xlsx": XLSX,
}


def upload(name: str = "report.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    """An uploaded file as a form or API request would deliver it (the claimed type is
    deliberately useless: only the content counts)."""
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
