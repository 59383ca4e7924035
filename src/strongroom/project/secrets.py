"""Secrets: read from the environment or a file, generated once in development.

A secret ``NAME`` is looked up, in order, in ``STRONGROOM_NAME``, in the file named by
``STRONGROOM_NAME_FILE``, and (in development only) in ``<data dir>/secrets/name``, where a
missing secret is generated with 0600 permissions. In production a missing, default or short
secret stops start-up with a message that names the variable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from strongroom.project import env

KNOWN_WEAK_PREFIXES = ("django-insecure", "changeme", "change-me", "secret", "default")


def _secret_file(data_dir: Path, name: str) -> Path:
    return data_dir / "secrets" / name.lower()


def read_secret(
    name: str, *, data_dir: Path, production: bool, min_length: int = 50
) -> str:
    """Return the secret ``STRONGROOM_<name>`` or stop with a clear configuration error."""
    variable = env.PREFIX + name
    value = env.get_str(name)
    source = variable
    if not value:
        file_name = env.get_str(name + "_FILE")
        if file_name:
            path = Path(file_name)
            if not path.is_file():
                raise ImproperlyConfigured(f"{variable}_FILE points to a missing file: {path}")
            value = path.read_text().strip()
            source = f"{variable}_FILE ({path})"
    if not value and production:
        raise ImproperlyConfigured(
            f"{variable} is not set. In production every secret must be given, through "
            f"{variable} or {variable}_FILE; generate one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    if not value:
        generated = _secret_file(data_dir, name)
        value = generated.read_text().strip() if generated.is_file() else _generate(generated)
        source = str(generated)
    _check_strength(value, variable=variable, source=source, min_length=min_length)
    return value


def read_optional_secret(name: str, *, min_length: int = 32) -> str:
    """``STRONGROOM_<name>`` or the file ``STRONGROOM_<name>_FILE`` names; "" when neither is
    set, in every environment (nothing is generated: the feature it guards stays off)."""
    variable = env.PREFIX + name
    value, source = env.get_str(name), variable
    file_name = env.get_str(name + "_FILE")
    if not value and file_name:
        path = Path(file_name)
        if not path.is_file():
            raise ImproperlyConfigured(f"{variable}_FILE points to a missing file: {path}")
        value, source = path.read_text().strip(), f"{variable}_FILE ({path})"
    if value:
        _check_strength(value, variable=variable, source=source, min_length=min_length)
    return value


def _generate(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    value = secrets.token_urlsafe(64)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def _check_strength(value: str, *, variable: str, source: str, min_length: int) -> None:
    lowered = value.lower()
    if any(lowered.startswith(prefix) for prefix in KNOWN_WEAK_PREFIXES):
        raise ImproperlyConfigured(f"{variable} (from {source}) is a default or example value")
    if len(value) < min_length:
        raise ImproperlyConfigured(
            f"{variable} (from {source}) is too short: {len(value)} characters, "
            f"at least {min_length} required"
        )
    if len(set(value)) < 10:
        raise ImproperlyConfigured(f"{variable} (from {source}) has too little variety")
