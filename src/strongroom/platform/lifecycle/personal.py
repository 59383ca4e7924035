"""What an export about one person holds (P-E3): the person and the records that name them.

Two kinds of person can be exported: ``contact`` (a contact person of the company) and
``member`` (a member of the company). Each app declares, from its ``AppConfig.ready()``, the
model of a kind (:func:`register_subject`) and its record types about such a person
(:func:`register`): a function that finds the rows, given the person and the rows found so far
(declarations run in order, so a document's versions follow its documents). The rows are
written as the company export writes them (:mod:`exportables`); the stored files the found
rows point to (a document version's file, a receipt) are added at the end.

Only records that are the person's own, or name them, are declared: other people appear only
where they are part of those records (the member who decided the person's approval step).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from strongroom.platform.files.models import StoredFile

CONTACT = "contact"
MEMBER = "member"
KINDS = (CONTACT, MEMBER)

Found = dict[str, list[models.Model]]  # record type label -> rows, in the order found
Finder = Callable[[Any, Found], Iterable[models.Model]]  # (the person, found so far)


@dataclass(frozen=True)
class Source:
    """One record type of a kind of person's export, and how its rows are found."""

    kind: str
    label: str
    find: Finder
    about: str  # why these records are about the person (docs)


@dataclass
class _Registry:
    subjects: dict[str, type[models.Model]] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)


_registry = _Registry()


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of person {kind!r}; use one of {KINDS}")


def register_subject(kind: str, model: type[models.Model]) -> None:
    """Declare the model whose rows are the persons of ``kind``."""
    _check_kind(kind)
    existing = _registry.subjects.get(kind)
    if existing is not None and existing is not model:
        raise ValueError(f"the persons of kind {kind!r} are {existing._meta.label_lower}")
    _registry.subjects[kind] = model


def register(kind: str, model: type[models.Model], find: Finder, *, about: str) -> None:
    """Export, for a person of ``kind``, the rows of ``model`` that ``find`` returns."""
    _check_kind(kind)
    label = model._meta.label_lower
    if any(s.kind == kind and s.label == label for s in _registry.sources):
        return  # declared already (an app's ready() ran twice)
    _registry.sources.append(Source(kind=kind, label=label, find=find, about=about))


def subject(kind: str) -> type[models.Model]:
    """The model of the persons of ``kind``; KeyError if no app declares it."""
    _check_kind(kind)
    return _registry.subjects[kind]


def sources(kind: str) -> list[Source]:
    """The record types of a person of ``kind``, in declaration order."""
    return [s for s in _registry.sources if s.kind == kind]


def collect(kind: str, person: models.Model) -> Found:
    """Every row about ``person`` (of ``kind``) by record type, each row once, and the stored
    files the rows point to (``files.storedfile``)."""
    company_id: int = person.company_id  # type: ignore[attr-defined]
    found: Found = {}
    for source in sources(kind):
        rows = found.setdefault(source.label, [])
        seen = {row.pk for row in rows}
        for row in source.find(person, found):
            if row.pk not in seen and getattr(row, "company_id", None) == company_id:
                seen.add(row.pk)
                rows.append(row)
    file_ids = sorted({
        value for rows in found.values() for row in rows for f in row._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is StoredFile
        and (value := getattr(row, f.attname)) is not None
    }, key=str)
    found["files.storedfile"] = list(
        StoredFile.objects.filter(company_id=company_id, pk__in=file_ids).order_by("pk")
    )
    return {label: rows for label, rows in sorted(found.items())}


def described(kind: str) -> list[tuple[str, str]]:
    """(record type, why it is about the person) of ``kind``, for the docs."""
    return [(s.label, s.about) for s in sources(kind)]


def _declare_platform_models() -> None:
    from strongroom.platform.tenancy.models import CustomRole, Membership

    register_subject(MEMBER, Membership)
    register(MEMBER, Membership, lambda member, found: [member],
             about="The member: account e-mail and name, role, custom role and tags.")
    register(
        MEMBER, CustomRole,
        lambda member, found: CustomRole.objects.filter(pk=member.custom_role_id),
        about="The member's custom role, if they have one.",
    )


_declare_platform_models()
