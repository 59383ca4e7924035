"""A list page's filtered rows as a download: CSV (``?format=csv``) or XLSX (``?format=xlsx``).

The ids of the filtered rows are read first (the list as it stands when the download starts),
then the rows a chunk at a time; each chunk's records are noted in the access log with purpose
``export`` (written at once) before any of its values leave, so no read whose answer left is
lost, and memory holds one chunk, not the list. A CSV file is streamed as it is made; an XLSX
workbook is written row by row to a temporary file (openpyxl's write-only mode) and sent when
complete. Cells are safe to open in a spreadsheet: a CSV text cell that starts like a formula
(``=``, ``+``, ``-``, ``@``, tab, carriage return) is prefixed with an apostrophe (OWASP "CSV
injection"), and an XLSX text cell is always stored as text, never as a formula.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_reads

T = TypeVar("T", bound=Model)
Column = tuple[str, Callable[[Any], object]]  # heading, value of one row
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_format(request: HttpRequest) -> str:
    """The download the list page was asked for (``csv`` or ``xlsx``), or "" for the page."""
    wanted = request.GET.get("format", "")
    return wanted if wanted in FORMATS else ""


def cell(value: object) -> str:
    """One value as a CSV cell that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, int | Decimal | date):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def list_download(
    actor: Actor,
    kind: str,
    *,
    name: str,
    columns: Sequence[Column],
    rows: QuerySet[T],
    note: Callable[[Actor, list[T]], None] | None = None,
) -> HttpResponseBase:
    """``rows`` as ``<company>-<name>-<date>.<kind>``; each chunk read is noted (``note``, by
    default the rows themselves as ``export``) before its values are sent."""
    if kind not in FORMATS:
        raise ValueError(f"unknown export format {kind!r}")
    ids = list(rows.values_list("pk", flat=True))
    slug = actor.company.slug if actor.company is not None else "export"
    filename = f"{slug}-{name}-{timezone.localdate().isoformat()}.{kind}"
    headings = [heading for heading, _ in columns]
    values = _values(actor, rows, ids, columns, note)
    response: HttpResponseBase
    if kind == "csv":
        response = StreamingHttpResponse(_lines(headings, values), content_type=FORMATS[kind])
    else:
        response = FileResponse(_workbook(headings, values), content_type=FORMATS[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _values(
    actor: Actor, rows: QuerySet[T], ids: list[Any], columns: Sequence[Column],
    note: Callable[[Actor, list[T]], None] | None,
) -> Iterator[list[object]]:
    """The values of each row, in the list's order, a chunk at a time; a row gone since the ids
    were read is left out."""
    for start in range(0, len(ids), CHUNK):
        wanted = ids[start:start + CHUNK]
        found = {row.pk: row for row in rows.filter(pk__in=wanted)}
        chunk = [found[pk] for pk in wanted if pk in found]
        if not chunk:
            continue
        if note is None:
            note_reads(actor, chunk, purpose="export")
        else:
            note(actor, chunk)
        yield from ([value(row) for _, value in columns] for row in chunk)


class _Line:
    """A file-like object whose ``write`` returns what it was given (for csv.writer)."""

    def write(self, text: str) -> str:
        return text


def _lines(headings: list[str], values: Iterable[list[object]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(headings)  # the byte-order mark spreadsheets look for
    for row in values:
        yield writer.writerow([cell(value) for value in row])


def _workbook(headings: list[str], values: Iterable[list[object]]) -> Any:
    """The rows as one sheet of a workbook in a temporary file (removed when it is closed)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Export")
    sheet.append([_sheet_cell(sheet, heading) for heading in headings])
    for row in values:
        sheet.append([_sheet_cell(sheet, value) for value in row])
    stored = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response)
    book.save(stored)
    stored.seek(0)
    return stored


def _sheet_cell(sheet: Any, value: Any) -> Any:
    """One value as a typed cell: numbers, dates and yes/no as themselves, text as text."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).replace(tzinfo=None)
    elif value is not None and not isinstance(value, bool | int | Decimal | date):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        written.data_type = "s"  # never a formula, whatever the text starts with
    return written
