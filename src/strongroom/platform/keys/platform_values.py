"""Values sealed under the platform key (``scope.PLATFORM_SCOPE``): confidential data that
belongs to no company (an account's second-factor secrets, a vulnerability reporter's address).

A token is AES-256-GCM under the platform key, bound to its purpose (a record type and a field)
but to no row, for the callers that have none when they seal: it does not open as any other
purpose. Values stored before a purpose was sealed are not tokens and open as they are.
"""

from __future__ import annotations

from strongroom.platform.keys import crypto, store, values
from strongroom.platform.keys.errors import KeyDestroyed
from strongroom.platform.keys.models import Purpose
from strongroom.platform.keys.scope import PLATFORM_SCOPE


def seal(text: str, *, record_type: str, field: str) -> str:
    """``text`` sealed under the platform key for ``record_type``'s ``field``."""
    key = store.encryption_key(PLATFORM_SCOPE, Purpose.COMPANY)
    context = crypto.field_context(PLATFORM_SCOPE, record_type, "", field)
    return crypto.seal_field(key.aead, key.key_id, key.version, text, context)


def is_sealed(value: object) -> bool:
    """Whether a stored value is a token (else a plain value from before sealing)."""
    return isinstance(value, str) and crypto.is_token(value)


def open_value(value: str, *, record_type: str, field: str) -> str:
    """The plain text of a token; a plain value from before sealing as it is. DecryptionFailed
    for a token altered or sealed for another purpose (never a wrong value); KeyDestroyed when
    the platform key it was sealed under is gone."""
    if not is_sealed(value):
        return value
    plain = values.open_token(
        value, company_id=PLATFORM_SCOPE, record_type=record_type, record_id="",
        field_name=field,
    )
    if plain is None:
        raise KeyDestroyed(f"the platform key this {record_type} {field} was sealed under is gone")
    return plain
