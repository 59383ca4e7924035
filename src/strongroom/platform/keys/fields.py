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

How it works: a value read from the database stays a ciphertext token until the attribute is
first read (then it is decrypted once and kept with the instance). Assigning the same text
again keeps the old ciphertext, so saving re-encrypts only values that changed. Empty strings
and ``None`` are stored as they are. Queries cannot compare encrypted values (the same text
encrypts differently every time): filtering by plain text raises ``TypeError``; search through
a blind index instead. ``values()`` and ``values_list()`` return the stored tokens. A value that
fails to decrypt (altered, moved to another row or field) raises
:class:`~strongroom.platform.keys.errors.DecryptionFailed`: never a wrong value.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from strongroom.platform.keys import crypto, values


class ErasedText(str):
    """The value of an encrypted field whose key has been destroyed (crypto-shredded)."""

    __slots__ = ()


ERASED = ErasedText("[erased]")

NORMALIZERS = {
    "casefold": lambda value: " ".join(value.split()).casefold(),
    "email": lambda value: value.strip().casefold(),
    "digits": lambda value: "".join(ch for ch in value if ch.isdigit() or ch == "+"),
}


class StoredToken(str):
    """A ciphertext token as read from the database (what ``values()`` returns)."""

    __slots__ = ()


class Sealed:
    """An encrypted value held by a model instance: the token, and the plain text once read."""

    __slots__ = ("bound", "plain", "token")

    def __init__(self, token: str, plain: str | None = None,
                 bound: tuple[int, str] | None = None) -> None:
        self.token = token
        self.plain = plain
        self.bound = bound  # (company id, record id) the token is bound to, once known

    def __reduce__(self) -> tuple[Any, ...]:
        return (Sealed, (self.token, None, self.bound))  # never pickle the plain text

    def __repr__(self) -> str:
        return f"<Sealed {self.token[:24]}...>"

    def reveal(self, instance: models.Model, field: EncryptedTextField) -> str:
        if self.plain is None:
            if self.bound is None:
                self.bound = values.binding(instance)
            company_id, record_id = self.bound
            plain = values.open_token(
                self.token, company_id=company_id, record_type=values.record_type(type(instance)),
                record_id=record_id, field_name=field.name,
            )
            self.plain = ERASED if plain is None else plain
        return self.plain


def _current_binding(instance: models.Model) -> tuple[int, str] | None:
    company_id = instance.__dict__.get("company_id")
    pk = instance.__dict__.get(instance._meta.pk.attname)
    return None if company_id is None or pk is None else (int(company_id), str(pk))


class _EncryptedAttribute(DeferredAttribute):
    """Decrypts on first read; keeps the ciphertext when the same text is assigned again."""

    field: EncryptedTextField

    def __get__(self, instance: models.Model | None, cls: Any = None) -> Any:
        if instance is None:
            return self
        raw = self.field.raw(instance)
        return raw.reveal(instance, self.field) if isinstance(raw, Sealed) else raw

    def __set__(self, instance: models.Model, value: Any) -> None:
        data, name = instance.__dict__, self.field.attname
        if isinstance(value, StoredToken):
            value = Sealed(str(value), bound=_current_binding(instance))
        elif isinstance(value, Sealed) or value is None:
            pass
        else:
            value = str(value)
            current = data.get(name)
            if isinstance(current, Sealed) and self._same(instance, current, value):
                return
        data[name] = value

    def _same(self, instance: models.Model, current: Sealed, value: str) -> bool:
        if isinstance(value, ErasedText):
            return True  # writing back an erased value leaves it as it is
        try:
            return current.reveal(instance, self.field) == value
        except Exception:
            return False


class EncryptedTextField(models.TextField):
    """Text stored encrypted with AES-256-GCM under an envelope data key (P-C2)."""

    descriptor_class = _EncryptedAttribute

    def __init__(self, *args: Any, personal: bool = True, **kwargs: Any) -> None:
        self.personal = personal
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if not self.personal:
            kwargs["personal"] = False
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not value:
            return value
        values.note_token(value)
        return StoredToken(value)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, Sealed):
            return value.token
        if value is None or value == "" or (isinstance(value, str) and crypto.is_token(value)):
            return None if value is None else str(value)
        raise TypeError(
            f"{self.model.__name__}.{self.name} is encrypted: queries cannot compare its plain "
            "values (search through a BlindIndexField), and QuerySet.update()/bulk_update() "
            "cannot write it (assign the value and save the record)"
        )

    def raw(self, instance: models.Model) -> Any:
        """The value as the instance holds it (a Sealed token, plain text, '' or None)."""
        data = instance.__dict__
        if self.attname not in data:  # deferred: load the stored token only
            manager = type(instance)._base_manager.db_manager(instance._state.db)
            token = manager.filter(pk=instance.pk).values_list(self.attname, flat=True).get()
            self.descriptor_class.__set__(getattr(type(instance), self.attname), instance, token)
        return data[self.attname]

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        return self.seal(model_instance)

    def seal(self, instance: models.Model) -> Any:
        """Encrypt the instance's value if it changed (or moved); return what is stored."""
        raw = self.raw(instance)
        if raw is None or raw == "":
            return raw
        here = values.binding(instance)
        if isinstance(raw, Sealed):
            if raw.bound is None or raw.bound == here:
                raw.bound = here
                return raw
            raw = raw.reveal(instance, self)  # the record was copied: re-encrypt in its place
            if isinstance(raw, ErasedText):
                raise ValueError(f"{self.name}: an erased value cannot be copied")
        sealed = Sealed(
            values.seal(instance, self.name, raw, personal=self.personal, bound=here),
            plain=raw, bound=here,
        )
        instance.__dict__[self.attname] = sealed
        return sealed


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
        source = getattr(model_instance, self.source) or ""
        value = "" if isinstance(source, ErasedText) else blind_index(
            type(model_instance), self.name, model_instance.company_id,  # type: ignore[attr-defined]
            source,
        )
        setattr(model_instance, self.attname, value)
        return value


def blind_index(model: type[models.Model], field_name: str, company_id: int, value: str) -> str:
    """The index value to filter ``field_name`` by, for an exact match on ``value``."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, BlindIndexField):
        raise TypeError(f"{model.__name__}.{field_name} is not a BlindIndexField")
    normalized = NORMALIZERS[field.normalize](value)
    if not normalized:
        return ""
    return values.index_hash(model, field_name, company_id, normalized)


def stored_value(instance: models.Model, field: models.Field[Any, Any]) -> Any:
    """The value of ``field`` as the database stores it (ciphertext for encrypted fields),
    converted to the field's Python type (a ``Decimal`` given as text is a ``Decimal`` here)."""
    if isinstance(field, EncryptedTextField):
        stored = field.seal(instance)
        return stored.token if isinstance(stored, Sealed) else stored
    return field.to_python(field.value_from_object(instance))


def reveal(
    model: type[models.Model], field_name: str, *, company_id: int | None, record_id: str,
    stored: str,
) -> str:
    """The plain text of a value of ``model.field_name`` as stored (a ciphertext token, e.g. one
    copied into a history entry), bound to ``company_id`` and ``record_id``; :data:`ERASED` when
    its key has been destroyed. History shows old values of encrypted fields through this."""
    if not stored:
        return stored
    if company_id is None:
        raise ValueError("an encrypted value always belongs to a company")
    plain = values.open_token(
        stored, company_id=int(company_id), record_type=values.record_type(model),
        record_id=str(record_id), field_name=field_name,
    )
    return ERASED if plain is None else plain
