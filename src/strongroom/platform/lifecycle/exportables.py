"""What a company export holds: every exportable record type and how it is written (P-E2).

Each app declares its company-owned models here from its ``AppConfig.ready()``: either
:func:`register` (the model is exported, one JSON object per row, its encrypted fields
decrypted through the model's normal accessors) or :func:`exclude` with the reason it is left
out. :func:`unlisted` names every ``TenantOwned`` model that is neither, and a test fails while
it names any, so a new record type cannot be forgotten. The platform's own models (members,
roles, tags, stored files) are declared at the end of this module.

A row becomes a JSON object of its concrete fields by name (a foreign key by its ``*_id``
name), less the company (the archive is one company's), blind indexes and binary columns
(derived or installation-bound), and the fields the registration omits; ``extra`` adds
computed values (a member's e-mail). :func:`schema` describes the objects for the docs.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from strongroom.platform.keys.fields import BlindIndexField, EncryptedTextField
from strongroom.platform.tenancy.models import TenantOwned

Extra = tuple[str, str, Callable[[Any], Any]]  # (name, JSON type, value of a row)


@dataclass(frozen=True)
class Exportable:
    """One exported record type: ``records/<label>.json`` in the archive."""

    model: type[models.Model]
    omit: frozenset[str] = frozenset()
    extra: tuple[Extra, ...] = ()
    related: tuple[str, ...] = ()
    scope: str = "company_id"  # the field that names the company
    description: str = ""

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def fields(self) -> list[models.Field[Any, Any]]:
        """The model's fields the export writes, in declaration order."""
        return [
            f for f in self.model._meta.concrete_fields
            if f.name != "company" and f.name not in self.omit
            and not isinstance(f, BlindIndexField | models.BinaryField)
        ]

    def rows(self, company_id: int) -> Iterator[models.Model]:
        """The company's rows, in primary-key order, streamed."""
        manager = self.model._default_manager
        query = manager.filter(**{self.scope: company_id}).select_related(*self.related)
        return query.order_by("pk").iterator(chunk_size=500)

    def serialize(self, row: models.Model) -> dict[str, Any]:
        """A row as the archive holds it (decrypted: the data is the customer's)."""
        out = {f.attname: json_value(getattr(row, f.attname)) for f in self.fields()}
        for name, _, value_of in self.extra:
            out[name] = json_value(value_of(row))
        return out


@dataclass
class _Registry:
    exported: dict[str, Exportable] = field(default_factory=dict)
    excluded: dict[str, str] = field(default_factory=dict)


_registry = _Registry()


def register(model: type[models.Model], *, omit: tuple[str, ...] = (),
             extra: tuple[Extra, ...] = (), related: tuple[str, ...] = (),
             scope: str = "company_id", description: str = "") -> None:
    """Export ``model``'s rows of the company (``omit``: fields left out, with their reason
    in the docs; ``extra``: computed values; ``related``: joins ``extra`` needs)."""
    label = model._meta.label_lower
    if label in _registry.excluded:
        raise ValueError(f"{label} is declared excluded from exports")
    _registry.exported[label] = Exportable(
        model=model, omit=frozenset(omit), extra=extra, related=related, scope=scope,
        description=description or (model.__doc__ or "").strip().split("\n")[0],
    )


def exclude(model: type[models.Model], *, reason: str) -> None:
    """Declare that ``model`` is deliberately not exported, and why."""
    label = model._meta.label_lower
    if label in _registry.exported:
        raise ValueError(f"{label} is registered for export")
    if not reason.strip():
        raise ValueError("say why a record type is left out of exports")
    _registry.excluded[label] = reason.strip()


def exportables() -> list[Exportable]:
    """Every exported record type, by label."""
    return [_registry.exported[label] for label in sorted(_registry.exported)]


def exportable(label: str) -> Exportable:
    """The exported record type called ``label``; KeyError if there is none."""
    return _registry.exported[label]


def exclusions() -> dict[str, str]:
    """Every deliberately excluded record type, with its reason."""
    return dict(sorted(_registry.excluded.items()))


def unlisted(package: str = "strongroom.") -> list[str]:
    """``TenantOwned`` models of ``package`` neither exported nor excluded (should be none)."""
    declared = set(_registry.exported) | set(_registry.excluded)
    return sorted(
        model._meta.label_lower for model in apps.get_models()
        if issubclass(model, TenantOwned) and model.__module__.startswith(package)
        and model._meta.label_lower not in declared
    )


def json_value(value: Any) -> Any:
    """A Python value as JSON: ids, decimals, dates and times as text."""
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, str):
        return str(value)  # an erased value (ErasedText) is its plain marker
    return value


_TYPES: tuple[tuple[type[models.Field[Any, Any]], str], ...] = (
    (EncryptedTextField, "string (stored encrypted, exported decrypted)"),
    (models.UUIDField, "string (UUID)"),
    (models.DecimalField, "string (decimal)"),
    (models.DateTimeField, "string (ISO 8601 date-time)"),
    (models.DateField, "string (ISO 8601 date)"),
    (models.BooleanField, "boolean"),
    (models.IntegerField, "integer"),
    (models.JSONField, "JSON"),
    (models.CharField, "string"),
    (models.TextField, "string"),
)


def field_type(model_field: models.Field[Any, Any]) -> str:
    """The JSON type of a field's exported value, as the docs state it."""
    if isinstance(model_field, models.ForeignKey):
        target = model_field.target_field
        related = model_field.related_model
        label = related if isinstance(related, str) else related._meta.label_lower
        text = f"{field_type(target)}: id of {label}"
    else:
        text = next((name for kind, name in _TYPES if isinstance(model_field, kind)), "string")
    return text + (" or null" if model_field.null else "")


def schema() -> dict[str, dict[str, Any]]:
    """Every exported record type's fields and their JSON types, by label."""
    described: dict[str, dict[str, Any]] = {}
    for item in exportables():
        fields = {f.attname: field_type(f) for f in item.fields()}
        fields.update({name: kind for name, kind, _ in item.extra})
        described[item.label] = {"description": item.description, "fields": fields}
    return described


def schema_markdown() -> str:
    """The schema as docs/portability.md shows it (``strongroom company export-schema``)."""
    lines: list[str] = []
    for label, described in schema().items():
        about = described["description"].replace("``", "`")
        lines += [f"#### `records/{label}.json`", "", about, "",
                  "| Field | JSON type |", "|---|---|"]
        lines += [f"| `{name}` | {kind} |" for name, kind in described["fields"].items()]
        lines.append("")
    lines += ["#### Not exported", "", "| Record type | Why |", "|---|---|"]
    lines += [f"| `{label}` | {reason} |" for label, reason in exclusions().items()]
    return "\n".join(lines) + "\n"


def _declare_platform_models() -> None:
    from strongroom.platform.files.models import StoredFile
    from strongroom.platform.retention.models import LegalHold
    from strongroom.platform.tenancy.models import CustomRole, Membership, Tag

    register(
        Membership, related=("user", "custom_role"), omit=("user",),
        extra=(
            ("user_id", "integer: the member's account", lambda m: m.user_id),
            ("email", "string", lambda m: m.user.email),
            ("full_name", "string", lambda m: m.user.full_name),
            ("custom_role_name", "string or null",
             lambda m: m.custom_role.name if m.custom_role is not None else None),
        ),
        description="A member of the company: account, role, custom role and tags.",
    )
    register(CustomRole, description="A company-defined role and its permissions.")
    register(Tag, description="A tag of the company's catalogue.")
    register(
        StoredFile, omit=("storage_name", "wrapping_key_id", "wrapping_key_version"),
        extra=(("path", "string or null: the bytes in the archive (null: erased)",
                lambda f: f"files/{f.pk}"),),
        description="An uploaded file; its original bytes are at files/<id>.",
    )
    register(LegalHold, description="A legal hold on the company or a record, active or released.")


_declare_platform_models()
