"""Encrypting and decrypting one field value of one record, and blind-index hashes.

This is what :mod:`strongroom.platform.keys.fields` calls; it picks the key (the data subject's
for personal fields, the company's otherwise) and builds the binding to company, record type,
record id and field.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hmac import HMAC
from django.db import models

from strongroom.platform.keys import crypto, store
from strongroom.platform.keys.models import Purpose

SUBJECT_MAX_LENGTH = 100
_INDEX_DOMAIN = b"strongroom:index:v1\x00"


def record_type(model: type[models.Model]) -> str:
    """The record type ciphertexts are bound to: ``encryption_record_type`` if the model
    declares one (keep it when renaming a model), else its label (``contacts.contactperson``)."""
    declared = getattr(model, "encryption_record_type", None)
    if isinstance(declared, str) and declared:
        return declared
    return model._meta.concrete_model._meta.label_lower  # type: ignore[union-attr]


def binding(instance: models.Model) -> tuple[int, str]:
    """(company id, record id) of a record about to hold encrypted values."""
    company_id = getattr(instance, "company_id", None)
    if company_id is None:
        raise ValueError(
            f"{type(instance).__name__}: encrypted fields need the record's company first"
        )
    if instance.pk is None:
        raise ValueError(
            f"{type(instance).__name__}: encrypted fields need a primary key that exists before "
            "saving (subclass TenantRecord)"
        )
    return int(company_id), str(instance.pk)


def key_for(instance: models.Model, *, personal: bool, company_id: int) -> store.DataKey:
    """The data key a new value of ``instance`` is encrypted under."""
    if not personal:
        return store.encryption_key(company_id, Purpose.COMPANY)
    subject_of = getattr(instance, "encryption_subject", None)
    if not callable(subject_of):
        raise TypeError(
            f"{type(instance).__name__} has personal encrypted fields: define "
            "encryption_subject(self) -> str naming the person they are about"
        )
    subject = subject_of()
    if not isinstance(subject, str) or not subject or len(subject) > SUBJECT_MAX_LENGTH:
        raise ValueError(
            f"{type(instance).__name__}.encryption_subject() must return a reference of 1 to "
            f"{SUBJECT_MAX_LENGTH} characters, such as 'contact:<uuid>'"
        )
    return store.encryption_key(company_id, Purpose.SUBJECT, subject)


def seal(instance: models.Model, field_name: str, plaintext: str, *, personal: bool,
         bound: tuple[int, str] | None = None) -> str:
    """Encrypt ``plaintext`` for ``instance.field_name``: a token bound to its place."""
    company_id, record_id = bound or binding(instance)
    key = key_for(instance, personal=personal, company_id=company_id)
    context = crypto.field_context(company_id, record_type(type(instance)), record_id, field_name)
    return crypto.seal_field(key.aead, key.key_id, key.version, plaintext, context)


def open_token(token: str, *, company_id: int, record_type: str, record_id: str,
               field_name: str) -> str | None:
    """The plain text of ``token`` at that place; None if its key was destroyed. Raises
    DecryptionFailed (altered or moved) or KeyNotFound (unknown key): never a wrong value."""
    key_id, version, raw = crypto.decode_field(token)
    key = store.decryption_key(key_id, version, company_id=company_id)
    if key is None:
        return None
    context = crypto.field_context(company_id, record_type, record_id, field_name)
    return crypto.open_field(key.aead, raw, context)


def token_erased(token: str, *, company_id: int) -> bool:
    """Whether the key ``token`` names has been destroyed, without decrypting it. Raises
    KeyNotFound (unknown key) or DecryptionFailed (malformed, or another company's key)."""
    key_id, version = crypto.token_key(token)
    return store.decryption_key(key_id, version, company_id=company_id) is None


def note_token(token: str) -> None:
    """Remember the key a token just read will need (batch loading, see cache.note)."""
    try:
        key_id, version = crypto.token_key(token)
    except Exception:
        return
    from strongroom.platform.keys.cache import note

    note(key_id, version)


def index_hash(model: type[models.Model], field_name: str, company_id: int,
               normalized: str) -> str:
    """HMAC-SHA256 of a normalised value under the company's index key, separated per field."""
    key = store.encryption_key(int(company_id), Purpose.INDEX)
    mac = HMAC(key.material, hashes.SHA256())
    mac.update(_INDEX_DOMAIN + record_type(model).encode() + b"\x00" + field_name.encode()
               + b"\x00" + normalized.encode())
    return mac.finalize().hex()

