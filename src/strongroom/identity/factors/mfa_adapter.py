"""Second-factor secrets encrypted at rest (P-A1, P-C2): django-allauth's ``MFA_ADAPTER``.

allauth keeps an authenticator app's secret (``Authenticator.data["secret"]``) and the seed
every recovery code is derived from (``data["seed"]``) in the records database, and passes both
through its adapter's ``encrypt`` and ``decrypt``. Here they become ``sr1`` tokens sealed with
AES-256-GCM under the platform key (``platform/keys/scope.py``), which lives wrapped in the
separate key store: a reader of the records database or its backups cannot compute a code.

allauth gives the hook no record to bind a token to, so the context names the purpose only:
a token does not decrypt as any other field, but it would under another account's row (which
only a writer of the records database could arrange, and such a writer can replace factors
anyway). Values from before this change are not tokens (base32 secrets, hex seeds) and are
returned as they are until ``identity.encrypt_mfa_secrets`` has sealed them.
"""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter

from strongroom.platform.keys import platform_values

RECORD_TYPE = "mfa.authenticator"
FIELD = "secret"


def seal_secret(text: str) -> str:
    """``text`` sealed under the platform key, bound to its purpose."""
    return platform_values.seal(text, record_type=RECORD_TYPE, field=FIELD)


def is_sealed(value: object) -> bool:
    """Whether a stored value is a token (else a plain value from before encryption)."""
    return platform_values.is_sealed(value)


def open_secret(value: str) -> str:
    """The plain secret of a token; a legacy plain value as it is. DecryptionFailed for a
    token that was altered or sealed for another purpose: never a wrong secret."""
    return platform_values.open_value(value, record_type=RECORD_TYPE, field=FIELD)


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter, with its secrets sealed under the platform key."""

    def encrypt(self, text: str) -> str:
        return seal_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return open_secret(encrypted_text)
