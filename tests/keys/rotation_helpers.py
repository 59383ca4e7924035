"""Helpers for rotation tests: a writable keyring file holding this process's root keys."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

from django.conf import settings

from strongroom.platform.keys import root
from strongroom.platform.keys.keyring import KeyringSource, new_key_text
from strongroom.platform.keys.root import LocalKeyring


def _entries() -> dict[int, bytes]:
    source = settings.STRONGROOM_ROOT_KEYRING
    assert source is not None
    return source.read()


def use_file_keyring(*, extra_version: bool = False, inline: bool = False) -> Path | None:
    """Switch this process to a copy of its root keyring (restored after the test by
    tests/conftest.py): a writable file, or with ``inline`` an environment keyring that
    Strongroom cannot change. ``extra_version`` appends a newer version."""
    lines = [f"{version}:{base64.b64encode(key).decode()}" for version, key in _entries().items()]
    if extra_version:
        lines.append(f"{max(_entries()) + 1}:{new_key_text()}")
    text = "\n".join(lines) + "\n"
    root.provider.cache_clear()
    if inline:
        settings.STRONGROOM_ROOT_KEYRING = KeyringSource("environment", text=text)
        return None
    path = Path(tempfile.mkdtemp(prefix="strongroom-keyring-")) / "root_key"
    path.write_text(text)
    path.chmod(0o600)
    settings.STRONGROOM_ROOT_KEYRING = KeyringSource("file", path=path)
    assert isinstance(root.provider(), LocalKeyring)
    return path
