"""A list page's filtered rows as a CSV download (``?format=csv``).

The rows are read in chunks and every chunk's records are noted in the access log with purpose
``export`` before the first byte is sent (no read whose answer left is lost); the file itself
is then streamed. Cells are safe to open in a spreadsheet: a text cell that starts like a
formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is prefixed with an apostrophe
(OWASP "CSV injection"); numbers and dates are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_reads

T = TypeVar("T", bound=Model)
Column = tuple[str, Callable[[Any], object]]  # heading, value of one row
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


def wants_csv(request: HttpRequest) -> bool:
    """Whether the list page was asked for its CSV file."""
    return request.GET.get("format") == "csv"


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


def csv_download(
    actor: Actor,
    *,
    name: str,
    columns: Sequence[Column],
    rows: QuerySet[T],
    note: Callable[[Actor, list[T]], None] | None = None,
) -> StreamingHttpResponse:
    """``rows`` as ``<company>-<name>-<date>.csv``; each chunk read is noted (``note``, by
    default the rows themselves as ``export``) before anything is sent."""
    values: list[list[str]] = []
    chunk: list[T] = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            values += _noted(actor, chunk, columns, note)
            chunk = []
    values += _noted(actor, chunk, columns, note)
    slug = actor.company.slug if actor.company is not None else "export"
    filename = f"{slug}-{name}-{timezone.localdate().isoformat()}.csv"
    response = StreamingHttpResponse(
        _lines([heading for heading, _ in columns], values), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _noted(
    actor: Actor, chunk: list[T], columns: Sequence[Column],
    note: Callable[[Actor, list[T]], None] | None,
) -> list[list[str]]:
    if not chunk:
        return []
    if note is None:
        note_reads(actor, chunk, purpose="export")
    else:
        note(actor, chunk)
    return [[cell(value(row)) for _, value in columns] for row in chunk]


class _Line:
    """A file-like object whose ``write`` returns what it was given (for csv.writer)."""

    def write(self, text: str) -> str:
        return text


def _lines(headings: list[str], values: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(headings)  # the byte-order mark spreadsheets look for
    for row in values:
        yield writer.writerow(row)
