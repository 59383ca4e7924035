"""Which record types keep a version history, and their state as the database stores it.

A tracked model's every write records, in its history entry, the record's full stored state
after the write (``state``), so that ``strongroom audit verify`` can tell whether a row still
matches its last entry: an edit made behind the application's back shows as a difference.
Values are taken as stored: encrypted fields contribute their ciphertext, never plain text.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models

from strongroom.platform.keys.fields import stored_value

State = dict[str, Any]

_TRACKED: dict[type[models.Model], tuple[str, ...]] = {}


def track(model: type[models.Model], *, exclude: Iterable[str] = ()) -> None:
    """Keep a version history of ``model``: every concrete field but the primary key and
    ``exclude`` (names or attnames of fields written outside actions, such as a last-seen time)."""
    excluded = set(exclude)
    names = tuple(
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in excluded and field.attname not in excluded
    )
    _TRACKED[model] = names


def tracked_models() -> list[type[models.Model]]:
    """Every tracked model, by label."""
    return sorted(_TRACKED, key=lambda model: model._meta.label_lower)


def is_tracked(model: type[models.Model]) -> bool:
    return model in _TRACKED


def tracked_fields(model: type[models.Model]) -> tuple[str, ...]:
    return _TRACKED[model]


def capture(obj: models.Model) -> State:
    """The stored state of a tracked record: ``{attname: canonical value}``."""
    model = type(obj)
    if model not in _TRACKED:
        raise LookupError(f"{model._meta.label} is not tracked; call history.tracking.track()")
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return {name: canonical(stored_value(obj, by_attname[name]), by_attname[name])
            for name in _TRACKED[model]}


def canonical(value: Any, field: models.Field[Any, Any] | None = None) -> Any:
    """A JSON value that is the same for equal stored values on SQLite and PostgreSQL."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)  # plain str, not an enum member or other subclass
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        if places is not None and value.is_finite():
            value = value.quantize(Decimal(1).scaleb(-places))
        return format(value, "f")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, models.Model):
        return str(value.pk)
    if hasattr(value, "name") and isinstance(value.name, str | type(None)):  # FieldFile
        return value.name
    if isinstance(value, float):
        raise TypeError("floats have no canonical stored form: use Decimal")
    return str(value)


def changes_between(before: State | None, after: State | None) -> dict[str, tuple[Any, Any]]:
    """Old -> new values of the fields that differ (all fields on create and delete)."""
    old, new = before or {}, after or {}
    keys = list(new) + [key for key in old if key not in new]
    return {key: (old.get(key), new.get(key)) for key in keys if old.get(key) != new.get(key)}
