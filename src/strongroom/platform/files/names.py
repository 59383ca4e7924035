"""Safe file names: what a user may call a file, and how it is shown and offered for download."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 150
_UNSAFE = re.compile(r"[^\w\s.()\[\]+,&@'-]", re.UNICODE)
_SPACES = re.compile(r"\s+")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)


def safe_name(original: str) -> str:
    """A name without directories, control or shell characters, hidden-file dots or trailing
    dots, at most 150 characters with its extension kept; "file" when nothing usable is left.

    >>> safe_name("../../etc/Passwd .PDF")
    'Passwd.pdf'
    """
    name = unicodedata.normalize("NFKC", original or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = stem.strip(" .") or "file"
    if _WINDOWS_RESERVED.match(stem):
        stem = f"{stem}_"
    extension = extension.strip().lower()[:10]
    limit = MAX_NAME_LENGTH - (len(extension) + 1 if extension else 0)
    stem = stem[:limit].rstrip(" .") or "file"
    return f"{stem}.{extension}" if extension else stem


def extension_of(name: str) -> str:
    """The lower-case extension of ``name`` without its dot, or ``""``."""
    _, dot, extension = name.rpartition(".")
    return extension.lower() if dot else ""
