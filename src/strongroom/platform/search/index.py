"""Keeping a record's search tokens, and finding records by a part of their encrypted values.

A records app registers a model with :func:`register`, naming the normalised *forms* of its
searchable values (:mod:`strongroom.platform.keys.ngrams`). Its actions call
:func:`index_record` after saving the record and :func:`unindex_record` when deleting it,
inside their transaction. A selector calls :func:`search` with a query: the records holding all
the query's tokens are decrypted and checked, so no false positive is returned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef

from strongroom.platform.keys import ngrams, values
from strongroom.platform.keys.fields import ErasedText
from strongroom.platform.search.models import SearchToken

Forms = Callable[[Any], Iterable[str]]
# Every indexed record holds this gram's token too, so that one whose values give no gram (all
# empty or erased) is not taken for a record that was never indexed. No query asks for it.
INDEXED = "i"


@dataclass(frozen=True)
class Searchable:
    model: type[models.Model]
    fields: tuple[str, ...]  # the fields ``forms`` reads
    forms: Forms  # the record's searchable values, already normalised, most telling first


_SEARCHABLE: dict[str, Searchable] = {}


def register(model: type[models.Model], fields: tuple[str, ...], forms: Forms) -> None:
    """Make ``model`` (a TenantRecord) searchable by the values ``forms(record)`` yields from
    ``fields``. A generator is best: checking a candidate decrypts only what it needs."""
    _SEARCHABLE[values.record_type(model)] = Searchable(model, fields, forms)


def registered() -> list[type[models.Model]]:
    """Every searchable model."""
    return [entry.model for entry in _SEARCHABLE.values()]


def text(value: str | None) -> str:
    """The normalised form of a plain value ('' for an empty or erased one)."""
    return "" if not value or isinstance(value, ErasedText) else ngrams.normalize(value)


def phone(value: str | None) -> list[str]:
    """A phone number as written and as its digits alone."""
    return [] if not value or isinstance(value, ErasedText) else [text(value), ngrams.digits(value)]


def _entry(model: type[models.Model]) -> tuple[str, Searchable]:
    record_type = values.record_type(model)
    entry = _SEARCHABLE.get(record_type)
    if entry is None:
        raise LookupError(f"{model.__name__} is not registered as searchable")
    return record_type, entry


def _forms(entry: Searchable, record: models.Model) -> list[str]:
    return [form for form in entry.forms(record) if form]


def index_record(record: models.Model, *, created: bool = False) -> None:
    """Replace the record's tokens by those of its current values (inside the writing action;
    ``created``: the record is new, so it has none to replace)."""
    record_type, entry = _entry(type(record))
    company_id = record.company_id  # type: ignore[attr-defined]
    if not created:
        SearchToken.objects.filter(record_id=record.pk).delete()
    found = ngrams.grams(_forms(entry, record)) | {INDEXED}
    SearchToken.objects.bulk_create(
        SearchToken(company_id=company_id, record_id=record.pk, token=token)
        for token in ngrams.tokens(record_type, company_id, found)
    )


def unindex_record(record: models.Model) -> None:
    """Remove the record's tokens (inside the action deleting it)."""
    _entry(type(record))
    SearchToken.objects.filter(record_id=record.pk).delete()


def candidates(model: type[models.Model], company_id: int, query: str) -> list[Any] | None:
    """Ids of the company's records holding every token of ``query``; None when the query has
    nothing to search by. The postings of the query's tokens are read through the unique index
    (company, token, record id) and counted here: a GROUP BY in the database may be planned as
    a scan of the company's every token. A record of another type could only come back through
    a collision of 64-bit tokens (the record type is in each token's HMAC), and the caller's
    queryset leaves it out."""
    record_type, _ = _entry(model)
    needed = ngrams.query_grams(query)
    if not needed:
        return None
    tokens = ngrams.tokens(record_type, company_id, needed)
    held = Counter(
        SearchToken.objects.filter(company_id=company_id, token__in=tokens)
        .values_list("record_id", flat=True)
    )
    return [record_id for record_id, count in held.items() if count == len(tokens)]


def search(queryset: models.QuerySet[Any], company_id: int, query: str) -> list[Any]:
    """Primary keys of the records of ``queryset`` whose values contain every word of
    ``query`` (case and diacritics aside); empty for an empty query."""
    model = queryset.model
    _, entry = _entry(model)
    found = candidates(model, company_id, query)
    if not found:
        return []
    checked = queryset.filter(company_id=company_id, pk__in=found).only(
        "pk", "company_id", *entry.fields
    )
    return [record.pk for record in checked if ngrams.matches(query, entry.forms(record))]


def unindexed(model: type[models.Model], company_id: int) -> models.QuerySet[Any]:
    """The company's records of ``model`` never indexed (written before search, or imported)."""
    _entry(model)
    held = SearchToken.objects.filter(record_id=OuterRef("pk"))
    return model._default_manager.filter(company_id=company_id).exclude(Exists(held))
