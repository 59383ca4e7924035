"""Secrets and keys: Django's secret key, the API key pepper, the audit signing key, and the
root key of envelope encryption with its cache and rotation (P-A3, P-C2, P-C3, P-D2)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from strongroom.platform.history.signing import parse_public_keys as parse_audit_public_keys
from strongroom.platform.keys.keyring import KeyringSource, resolve_source
from strongroom.project import env
from strongroom.project.secrets import read_secret
from strongroom.project.settings.environment import DATA_DIR, PRODUCTION

SECRET_KEY = read_secret("SECRET_KEY", data_dir=DATA_DIR, production=PRODUCTION)

# API keys are stored as HMACs with this pepper (P-A3); see identity/apikeys/secrets.py to rotate.
STRONGROOM_API_KEY_PEPPER = read_secret(
    "API_KEY_PEPPER", data_dir=DATA_DIR, production=PRODUCTION, min_length=32
)
STRONGROOM_API_KEY_PEPPER_PREVIOUS = env.get_str("API_KEY_PEPPER_PREVIOUS")

# Audit checkpoints are signed with an Ed25519 key derived from this secret alone (P-D2); the
# public keys of earlier signing keys stay listed so that their checkpoints still verify.
STRONGROOM_AUDIT_SIGNING_KEY = read_secret(
    "AUDIT_SIGNING_KEY", data_dir=DATA_DIR, production=PRODUCTION, min_length=43
)
STRONGROOM_AUDIT_PUBLIC_KEYS = env.get_list("AUDIT_PUBLIC_KEYS", [])
try:
    parse_audit_public_keys(STRONGROOM_AUDIT_PUBLIC_KEYS)
except ValueError as _error:
    raise ImproperlyConfigured(f"STRONGROOM_AUDIT_PUBLIC_KEYS: {_error}") from None

# The root key (P-C2): a keyring outside every database (see platform/keys/keyring.py), or a
# KMS behind the dotted path of a RootKeyProvider class. The key store itself is a database of
# its own (see database.py).
STRONGROOM_ROOT_KEY_PROVIDER = env.get_str("ROOT_KEY_PROVIDER", "local")
STRONGROOM_ROOT_KEYRING: KeyringSource | None = None
if STRONGROOM_ROOT_KEY_PROVIDER == "local":
    STRONGROOM_ROOT_KEYRING = resolve_source(
        inline=env.get_str("ROOT_KEY"),
        file=env.get_str("ROOT_KEY_FILE"),
        data_dir=DATA_DIR,
        production=PRODUCTION,
    )

# Unwrapped keys stay in each process's memory this long (0: not at all); also how long a
# destroyed key may still be used by another process.
STRONGROOM_KEY_CACHE_SECONDS = env.get_int("KEY_CACHE_SECONDS", 60, minimum=0)
if STRONGROOM_KEY_CACHE_SECONDS > 900:
    raise ImproperlyConfigured("STRONGROOM_KEY_CACHE_SECONDS must be at most 900")

# Scheduled rotation (P-C3, platform/keys/jobs.py): company keys and the root key older than
# this many days are rotated (the root only with a writable keyring file; else an alert).
STRONGROOM_KEY_ROTATION_COMPANY_DAYS = env.get_int("KEY_ROTATION_COMPANY_DAYS", 90, minimum=1)
STRONGROOM_KEY_ROTATION_ROOT_DAYS = env.get_int("KEY_ROTATION_ROOT_DAYS", 365, minimum=1)
