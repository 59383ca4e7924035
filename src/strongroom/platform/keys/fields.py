"""Model fields whose values are stored encrypted (P-C2), and blind indexes to find them.

The contract domain apps build on:

- A model with an :class:`EncryptedTextField` has a ``company`` foreign key and a primary key
  that exists before the first save (``id = models.UUIDField(primary_key=True,
  default=uuid.uuid4)``): every ciphertext is bound to its company, record type, record id and
  field, so it cannot be moved to another row or field.
- A *personal* field (``personal=True``, the default) is encrypted under the data key of the
  person it is about (the data subject). The model names that person with
  ``encryption_subject(self) -> str``, a stable reference such as ``"contact:<uuid>"`` or
  ``"member:<membership id>"``. Destroying that person's key (erasure) makes every copy of the
  value unreadable; it then reads as :data:`ERASED`.
- A confidential but not personal field (``personal=False``: an OpenID client secret, a customer
  address on an invoice under legal retention) is encrypted under the company's data key.
- Application code reads and writes plain ``str`` values; encryption happens in the field.
- :class:`BlindIndexField` keeps a keyed hash of another field's normalised value, so that
  selectors can find a record by exact match (``email_index=blind_index(...)``).
- :func:`stored_value` gives the bytes as stored (the ciphertext for encrypted fields): history
  entries copy and hash that, never the plain value.
- :func:`reveal` turns such a stored value back into plain text (or :data:`ERASED`): the
  History tab shows old values of encrypted fields through it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.db import models


class ErasedText(str):
    """The value of an encrypted field whose key has been destroyed (crypto-shredded)."""

    __slots__ = ()


ERASED = ErasedText("[erased]")

NORMALIZERS = {
    "casefold": lambda value: " ".join(value.split()).casefold(),
    "email": lambda value: value.strip().casefold(),
    "digits": lambda value: "".join(ch for ch in value if ch.isdigit() or ch == "+"),
}


class EncryptedTextField(models.TextField):
    """Text stored encrypted with AES-256-GCM under an envelope data key (P-C2)."""

    def __init__(self, *args: Any, personal: bool = True, **kwargs: Any) -> None:
        self.personal = personal
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if not self.personal:
            kwargs["personal"] = False
        return name, path, args, kwargs


class BlindIndexField(models.CharField):
    """A keyed hash (HMAC under the company's index key) of ``source``'s normalised value."""

    def __init__(self, *args: Any, source: str, normalize: str = "casefold", **kwargs: Any):
        if normalize not in NORMALIZERS:
            raise ValueError(f"unknown normaliser {normalize!r}; use one of {sorted(NORMALIZERS)}")
        self.source, self.normalize = source, normalize
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["normalize"] = self.normalize
        for key, default in (("max_length", 64), ("editable", False), ("db_index", True),
                             ("blank", True)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = blind_index(
            type(model_instance), self.name, model_instance.company_id,  # type: ignore[attr-defined]
            getattr(model_instance, self.source) or "",
        )
        setattr(model_instance, self.attname, value)
        return value


def blind_index(model: type[models.Model], field_name: str, company_id: int, value: str) -> str:
    """The index value to filter ``field_name`` by, for an exact match on ``value``."""
    field = model._meta.get_field(field_name)
    assert isinstance(field, BlindIndexField)  # noqa: S101
    normalized = NORMALIZERS[field.normalize](value)
    if not normalized:
        return ""
    key = f"index-key-placeholder:{company_id}".encode()
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


def stored_value(instance: models.Model, field: models.Field[Any, Any]) -> Any:
    """The value of ``field`` as the database stores it (ciphertext for encrypted fields),
    converted to the field's Python type (a ``Decimal`` given as text is a ``Decimal`` here)."""
    return field.to_python(field.value_from_object(instance))


def reveal(
    model: type[models.Model], field_name: str, *, company_id: int | None, record_id: str,
    stored: str,
) -> str:
    """The plain text of a value of ``model.field_name`` as stored (a ciphertext token, e.g. one
    copied into a history entry), bound to ``company_id`` and ``record_id``; :data:`ERASED` when
    its key has been destroyed. History shows old values of encrypted fields through this."""
    return stored
