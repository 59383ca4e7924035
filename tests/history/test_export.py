"""``strongroom audit export`` and the offline verifier (tools/verify_audit_bundle.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from strongroom.platform.history import signing
from strongroom.platform.history.models import AccessRead, Checkpoint
from tests.history.conftest import Recorded

VERIFIER = Path(__file__).resolve().parents[2] / "tools" / "verify_audit_bundle.py"


def _export(tmp_path: Path) -> Path:
    path = tmp_path / "bundle.json"
    call_command("audit", "export", "--company", "ledger", "--output", str(path))
    return path


def _offline(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(VERIFIER), str(path), *extra],
        capture_output=True, text=True, timeout=60, check=False,
    )


def _rewrite(path: Path, change: Any) -> None:
    bundle = json.loads(path.read_text())
    change(bundle)
    path.write_text(json.dumps(bundle))


def test_export_holds_entries_checkpoints_and_keys(recorded: Recorded, tmp_path: Path) -> None:
    bundle = json.loads(_export(tmp_path).read_text())
    key = f"c:{recorded.company.pk}"
    assert bundle["format"] == "strongroom-audit-bundle/1"
    assert bundle["company"]["slug"] == "ledger"
    entries = bundle["chains"][key]["entries"]
    assert [e["content"]["seq"] for e in entries] == list(range(1, len(entries) + 1))
    reads = bundle["chains"][f"a:{recorded.company.pk}"]["entries"]
    assert len(reads) == 3  # two reads by members, then the export itself
    assert {cp["chain"] for cp in bundle["checkpoints"]} == {key, f"a:{recorded.company.pk}"}
    current = signing.signing_key().public_key()
    assert bundle["public_keys"] == [
        {"id": signing.key_id(current), "key": signing.encode_public(current)}
    ]
    assert Checkpoint.objects.count() == 2  # the export signed the heads first


def test_the_export_is_in_the_company_access_log(recorded: Recorded, tmp_path: Path) -> None:
    _export(tmp_path)
    read = AccessRead.objects.filter(company=recorded.company).latest("sequence")
    assert (read.purpose, read.channel, read.credential) == ("export", "cli", "audit export")
    assert read.object_type == "tenancy.company"
    assert read.object_id == str(recorded.company.pk)


def test_offline_verifier_accepts_an_exported_bundle(recorded: Recorded, tmp_path: Path) -> None:
    result = _offline(_export(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: every entry and checkpoint verifies." in result.stdout


def test_offline_verifier_accepts_a_trusted_key(recorded: Recorded, tmp_path: Path) -> None:
    public = signing.encode_public(signing.signing_key().public_key())
    assert _offline(_export(tmp_path), "--trust-key", public).returncode == 0


def _tamper_value(bundle: dict[str, Any]) -> None:
    chain = next(c for k, c in bundle["chains"].items() if k.startswith("c:"))
    chain["entries"][1]["content"]["actor"]["name"] = "Mallory"


def _drop_entry(bundle: dict[str, Any]) -> None:
    chain = next(c for k, c in bundle["chains"].items() if k.startswith("c:"))
    del chain["entries"][2]


def _swap_entries(bundle: dict[str, Any]) -> None:
    entries = next(c for k, c in bundle["chains"].items() if k.startswith("c:"))["entries"]
    entries[1], entries[2] = entries[2], entries[1]


def _cut_short(bundle: dict[str, Any]) -> None:
    chain = next(c for k, c in bundle["chains"].items() if k.startswith("c:"))
    chain["entries"].pop()


def _forge_signature(bundle: dict[str, Any]) -> None:
    bundle["checkpoints"][0]["signature"] = bundle["checkpoints"][1]["signature"]


def _rehash_after_edit(bundle: dict[str, Any]) -> None:
    """Change an entry and recompute every hash after it: the checkpoint still catches it."""
    sys.path.insert(0, str(VERIFIER.parent))
    import verify_audit_bundle as offline

    chain = next(c for k, c in bundle["chains"].items() if k.startswith("c:"))
    chain["entries"][0]["content"]["actor"]["name"] = "Mallory"
    prev = offline.GENESIS
    for entry in chain["entries"]:
        entry["content"]["prev"] = prev
        entry["hash"] = prev = offline.entry_hash(chain["domain"], prev, entry["content"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_tamper_value, "entry 2: content does not match its hash"),
        (_drop_entry, "entry 3: position 4 out of order"),
        (_swap_entries, "entry 2: does not link to the entry before it"),
        (_cut_short, "covers entries the bundle does not hold"),
        (_forge_signature, "the signature is not valid"),
        (_rehash_after_edit, "is not the entry that was signed"),
    ],
)
def test_offline_verifier_rejects_a_modified_bundle(
    recorded: Recorded, tmp_path: Path, change: Any, message: str
) -> None:
    path = _export(tmp_path)
    _rewrite(path, change)
    result = _offline(path)
    assert result.returncode == 1
    assert message in result.stdout


def test_offline_verifier_rejects_an_untrusted_key(recorded: Recorded, tmp_path: Path) -> None:
    other = signing.encode_public(signing.derive_private_key("another secret" * 4).public_key())
    result = _offline(_export(tmp_path), "--trust-key", other)
    assert result.returncode == 1
    assert "signed by an unknown key" in result.stdout


def test_offline_verifier_refuses_unreadable_input(tmp_path: Path) -> None:
    path = tmp_path / "junk.json"
    path.write_text("{not json")
    assert _offline(path).returncode == 2


def test_export_of_an_unknown_company_fails(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No company 'nope'"):
        call_command("audit", "export", "--company", "nope", "--output", str(tmp_path / "x"))
