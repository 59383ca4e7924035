"""Upload checks: allow-list, content sniffing, size limit, safe names (issue 3 item 6)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from strongroom.platform.files import kinds
from strongroom.platform.files.names import safe_name
from strongroom.platform.files.upload import SizeLimitUploadHandler, check_upload
from tests.files import samples


@pytest.mark.parametrize("name", sorted(samples.GOOD))
def test_every_allowed_kind_is_accepted(name: str) -> None:
    checked = check_upload(samples.upload(name, samples.GOOD[name]))
    assert checked.name == name
    assert name.rsplit(".", 1)[1] in checked.kind.extensions


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("invoice.pdf", samples.EXECUTABLE, "a Windows executable"),
        ("invoice.pdf", samples.ELF, "a Linux executable"),
        ("photo.png", samples.PDF, "a PDF"),
        ("photo.jpg", samples.PNG, "a PNG image"),
        ("notes.txt", samples.EXECUTABLE, "a Windows executable"),
        ("notes.txt", b"plain\x00binary", "binary data"),
        ("letter.docx", samples.PLAIN_ZIP, "a ZIP archive"),
        ("letter.docx", samples.XLSX, "a ZIP archive"),
        ("budget.xlsx", samples.DOCX, "a ZIP archive"),
        ("letter.docx", samples.MACRO_DOCX, "with macros"),
        ("budget.xlsx", samples.MACRO_XLSX, "with macros"),
        ("notes.txt", b"\xc3\x28 invalid utf-8 \xff\xfe here", "something else"),
        ("image.webp", samples.GIF, "a GIF image"),
    ],
)
def test_disguised_content_is_refused(name: str, content: bytes, found: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_upload(samples.upload(name, content))
    message = caught.value.message_dict["file"][0]
    assert "is not a" in message
    assert found in message


@pytest.mark.parametrize("name", ["setup.exe", "script.sh", "page.html", "image.svg", "README"])
def test_extensions_outside_the_allow_list_are_refused(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_upload(samples.upload(name, samples.TEXT))
    assert "are not accepted" in caught.value.message_dict["file"][0]


def test_empty_and_missing_files_are_refused() -> None:
    with pytest.raises(ValidationError, match="empty"):
        check_upload(samples.upload("empty.txt", b""))
    with pytest.raises(ValidationError, match="Choose a file"):
        check_upload(None)


def test_size_limit_is_configurable(settings: object) -> None:
    settings.STRONGROOM_MAX_UPLOAD_MB = 1  # type: ignore[attr-defined]
    just_right = samples.PDF + b"%" * (1024 * 1024 - len(samples.PDF))
    assert check_upload(samples.upload("big.pdf", just_right)).kind is kinds.PDF
    with pytest.raises(ValidationError) as caught:
        check_upload(samples.upload("big.pdf", just_right + b"%"))
    assert caught.value.message_dict["file"] == ["The file is larger than the limit of 1.0 MB."]


def test_the_field_name_is_the_callers() -> None:
    with pytest.raises(ValidationError) as caught:
        check_upload(samples.upload("x.exe", b"MZ"), field="receipt")
    assert set(caught.value.message_dict) == {"receipt"}


@pytest.mark.parametrize(
    ("original", "safe"),
    [
        ("../../etc/Passwd .PDF", "Passwd.pdf"),
        ("C:\\Users\\kari\\Desktop\\scan.JPG", "scan.jpg"),
        (".htaccess.txt", "htaccess.txt"),
        ("report<script>.pdf", "report_script_.pdf"),
        ("a\x00b\r\nc.txt", "abc.txt"),
        ("con.txt", "con_.txt"),
        ("...", "file"),
        ("", "file"),
        ("Møtereferat 2026 (utkast).docx", "Møtereferat 2026 (utkast).docx"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
        ("ﬁle.pdf", "file.pdf"),
    ],
)
def test_safe_names(original: str, safe: str) -> None:
    assert safe_name(original) == safe


def test_size_limit_handler_stops_passing_data_past_the_limit(settings: object) -> None:
    settings.STRONGROOM_MAX_UPLOAD_MB = 1  # type: ignore[attr-defined]
    handler = SizeLimitUploadHandler()
    handler.new_file("file", "big.pdf", "application/pdf", None)
    chunk = b"x" * (512 * 1024)
    passed = [handler.receive_data_chunk(chunk, n * len(chunk)) for n in range(6)]
    # Two chunks fill the limit, the third crosses it (so the size check sees it), then nothing.
    assert [p is not None for p in passed] == [True, True, True, False, False, False]
    assert handler.file_complete(6 * len(chunk)) is None
