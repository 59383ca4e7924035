"""The local root keyring: versioned 256-bit root keys from the environment or a file.

A keyring is text with one entry per line (or per comma in an environment variable):
``<version>:<key>``, the key being 32 random bytes in base64 (standard or URL-safe). A bare key
without ``<version>:`` is version 1. Lines starting with ``#`` are comments. The newest version
wraps new company keys; older versions only unwrap, until every company key has been rewrapped
(``strongroom keys rotate --root``) and the version is removed.

Sources, in order: ``STRONGROOM_ROOT_KEY`` (the keyring itself), ``STRONGROOM_ROOT_KEY_FILE``
(a path), and in development only ``<data dir>/secrets/root_key``, generated once with 0600
permissions. Production refuses to start without one of the first two.

This module is read by the settings, before Django is set up: it imports nothing of Django's
models and nothing of the project.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
VARIABLE = "STRONGROOM_ROOT_KEY"
DEV_FILE = Path("secrets") / "root_key"


@dataclass(frozen=True)
class KeyringSource:
    """Where the keyring comes from. ``text`` is the keyring given inline (environment)."""

    kind: str  # "environment", "file" or "generated"
    path: Path | None = None
    text: str = field(default="", repr=False)

    @property
    def description(self) -> str:
        if self.kind == "environment":
            return VARIABLE
        if self.kind == "file":
            return f"{VARIABLE}_FILE ({self.path})"
        return f"the development keyring {self.path}"

    @property
    def can_add_versions(self) -> bool:
        """A file the process may write (the generated one, or a writable keyring file)."""
        return self.path is not None and os.access(self.path, os.W_OK)

    def read(self) -> dict[int, bytes]:
        """The keyring's entries, version -> key; ImproperlyConfigured if malformed."""
        if self.path is None:
            return parse(self.text, source=self.description)
        try:
            text = self.path.read_text()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{self.description} cannot be read: {exc.strerror}"
            ) from None
        return parse(text, source=self.description)


def resolve_source(*, inline: str, file: str, data_dir: Path, production: bool) -> KeyringSource:
    """The configured keyring (checked to parse), generating the development one if needed."""
    if inline:
        source = KeyringSource("environment", text=inline)
    elif file:
        path = Path(file).expanduser()
        if not path.is_file():
            raise ImproperlyConfigured(f"{VARIABLE}_FILE points to a missing file: {path}")
        source = KeyringSource("file", path=path.resolve())
    elif production:
        raise ImproperlyConfigured(
            f"{VARIABLE} is not set. In production the root key must be given, through "
            f"{VARIABLE} or {VARIABLE}_FILE (a file of '<version>:<key>' lines); generate one "
            "with: strongroom keys generate-root-key"
        )
    else:
        path = data_dir / DEV_FILE
        if not path.is_file():
            _write_new(path, f"1:{new_key_text()}\n")
        source = KeyringSource("generated", path=path)
    source.read()  # fail at start-up, not at the first encryption
    return source


def new_key_text() -> str:
    """A fresh root key, as the text that goes after ``<version>:``."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def parse(text: str, *, source: str) -> dict[int, bytes]:
    """Parse keyring text into version -> key bytes, naming ``source`` in every error."""
    entries: dict[int, bytes] = {}
    items = [item.strip() for line in text.splitlines() for item in line.split(",")]
    for number, item in enumerate((i for i in items if i and not i.startswith("#")), start=1):
        version_text, sep, key_text = item.partition(":")
        if not sep:
            version_text, key_text = "1", item
        if not version_text.strip().isdigit() or int(version_text) < 1:
            raise ImproperlyConfigured(
                f"{source}: entry {number} must look like '<version>:<key>' with a version of 1 "
                "or more"
            )
        version = int(version_text)
        if version in entries:
            raise ImproperlyConfigured(f"{source}: version {version} appears twice")
        entries[version] = _decode_key(key_text.strip(), source=source, version=version)
    if not entries:
        raise ImproperlyConfigured(f"{source} holds no root key")
    return entries


def _decode_key(text: str, *, source: str, version: int) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{source}: root key version {version} is not base64") from None
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{source}: root key version {version} has {len(raw)} bytes; it must have "
            f"{KEY_BYTES} (generate one with: strongroom keys generate-root-key)"
        )
    if len(set(raw)) < 8:
        raise ImproperlyConfigured(f"{source}: root key version {version} is not random")
    return raw


def append_version(source: KeyringSource) -> int:
    """Add a new, random version to a file keyring (atomically); return its number."""
    if source.path is None or not source.can_add_versions:
        raise ImproperlyConfigured(
            f"{source.description} cannot be changed by Strongroom: add a line "
            "'<version>:<key>' yourself (strongroom keys generate-root-key prints a key) on every "
            "instance, restart them, then run strongroom keys rotate --root again"
        )
    existing = source.path.read_text()
    version = max(parse(existing, source=source.description)) + 1
    text = existing if existing.endswith("\n") or not existing else existing + "\n"
    _replace(source.path, f"{text}{version}:{new_key_text()}\n")
    return version


def remove_version(source: KeyringSource, version: int) -> None:
    """Drop ``version`` from a file keyring (retirement), keeping every other line."""
    if source.path is None or not source.can_add_versions:
        raise ImproperlyConfigured(
            f"{source.description} cannot be changed by Strongroom: remove version {version} "
            "yourself on every instance"
        )
    kept = [
        line for line in source.path.read_text().splitlines()
        if line.strip().partition(":")[0].strip() != str(version)
    ]
    _replace(source.path, "\n".join(kept) + "\n")


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it over ``path``."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".root_key.")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
