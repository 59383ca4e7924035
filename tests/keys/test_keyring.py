"""The local root keyring: its format, its sources, and wrapping under its versions."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from strongroom.platform.keys import keyring
from strongroom.platform.keys.errors import DecryptionFailed, RootKeyMissing
from strongroom.platform.keys.root import LocalKeyring

KEY = base64.b64encode(bytes(range(32))).decode()
OTHER = base64.urlsafe_b64encode(bytes(range(100, 132))).decode().rstrip("=")


def test_versions_bare_keys_comments_and_commas() -> None:
    assert keyring.parse(KEY, source="x") == {1: bytes(range(32))}
    parsed = keyring.parse(f"# rotated 2026\n1:{KEY}\n\n2:{OTHER}\n", source="x")
    assert sorted(parsed) == [1, 2]
    assert keyring.parse(f"1:{KEY}, 3:{OTHER}", source="x")[3] == bytes(range(100, 132))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "holds no root key"),
        (f"0:{KEY}", "version of 1 or more"),
        (f"v1:{KEY}", "version of 1 or more"),
        (f"1:{KEY}\n1:{OTHER}", "version 1 appears twice"),
        ("1:not base64 at all!", "not base64"),
        ("1:" + base64.b64encode(b"short").decode(), "has 5 bytes"),
        ("1:" + base64.b64encode(b"a" * 32).decode(), "not random"),
    ],
)
def test_malformed_keyrings_are_refused_without_showing_keys(text: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message) as failure:
        keyring.parse(text, source="STRONGROOM_ROOT_KEY")
    assert "STRONGROOM_ROOT_KEY" in str(failure.value)
    assert KEY not in str(failure.value)
    assert OTHER not in str(failure.value)


def test_production_requires_a_root_key(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="STRONGROOM_ROOT_KEY is not set"):
        keyring.resolve_source(inline="", file="", data_dir=tmp_path, production=True)
    with pytest.raises(ImproperlyConfigured, match="missing file"):
        keyring.resolve_source(inline="", file=str(tmp_path / "nope"), data_dir=tmp_path,
                               production=True)
    source = keyring.resolve_source(inline=KEY, file="", data_dir=tmp_path, production=True)
    assert source.kind == "environment"
    assert not source.can_add_versions
    assert KEY not in repr(source)


def test_development_generates_a_private_keyring_once(tmp_path: Path) -> None:
    source = keyring.resolve_source(inline="", file="", data_dir=tmp_path, production=False)
    assert source.path == tmp_path / "secrets" / "root_key"
    assert stat.S_IMODE(os.stat(source.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(source.path.parent).st_mode) == 0o700
    first = source.read()
    again = keyring.resolve_source(inline="", file="", data_dir=tmp_path, production=False)
    assert again.read() == first
    assert list(first) == [1]


def test_versions_are_added_and_removed_in_place(tmp_path: Path) -> None:
    path = tmp_path / "root_key"
    path.write_text(f"# ours\n1:{KEY}\n")
    source = keyring.KeyringSource("file", path=path)
    assert keyring.append_version(source) == 2
    assert sorted(source.read()) == [1, 2]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    keyring.remove_version(source, 1)
    assert sorted(source.read()) == [2]
    assert "# ours" in path.read_text()


def test_wrapping_binds_the_context_and_names_the_version(tmp_path: Path) -> None:
    path = tmp_path / "root_key"
    path.write_text(f"1:{KEY}\n")
    ring = LocalKeyring(keyring.KeyringSource("file", path=path))
    version, wrapped = ring.wrap(b"k" * 32, context=b"company 1")
    assert version == 1
    assert ring.unwrap(1, wrapped, context=b"company 1") == b"k" * 32
    with pytest.raises(DecryptionFailed):
        ring.unwrap(1, wrapped, context=b"company 2")
    with pytest.raises(RootKeyMissing):
        ring.unwrap(7, wrapped, context=b"company 1")


def test_a_version_added_elsewhere_is_picked_up(tmp_path: Path) -> None:
    path = tmp_path / "root_key"
    path.write_text(f"1:{KEY}\n")
    here = LocalKeyring(keyring.KeyringSource("file", path=path))
    elsewhere = LocalKeyring(keyring.KeyringSource("file", path=path))
    assert elsewhere.add_version() == 2
    version, wrapped = elsewhere.wrap(b"x" * 32, context=b"c")
    assert version == 2
    assert here.unwrap(2, wrapped, context=b"c") == b"x" * 32  # re-read on a missing version
