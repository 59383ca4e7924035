#!/usr/bin/env python3
"""Verify a Strongroom company export archive offline, without trusting the server that wrote it.

    python3 verify_company_export.py ARCHIVE.tar.gz [--trust-key BASE64_PUBLIC_KEY ...]
    python3 verify_company_export.py GROUP.tar [--trust-key BASE64_PUBLIC_KEY ...]

Needs Python 3.9+ and the ``cryptography`` package only (an archive encrypted with age must be
decrypted first: ``age --decrypt -i KEY -o ARCHIVE.tar.gz ARCHIVE.tar.gz.age``). It checks:

- ``manifest.sig`` is a valid Ed25519 signature over "strongroom:company-export:v1\\n" followed
  by the bytes of ``manifest.json``, by a trusted key (``--trust-key``), else by the key the
  archive names (and says so);
- every member the manifest lists is in the archive, once, as a regular file, with the listed
  size and SHA-256; no member is there that the manifest does not list;
- each ``records/<type>.json`` is a JSON array with as many records as the manifest counts;
- ``audit/bundle.json`` verifies as an audit bundle (``verify_audit_bundle.py`` beside this
  file: chains, hashes, checkpoints) under the same keys.

A person archive (``strongroom company export-person``, ``"kind": "person"`` in its manifest)
is checked the same way, without the audit bundle (it holds the person's history entries and
access-log reads as records instead).

A group archive (``strongroom group export``) is checked the same way (its manifest is signed
over "strongroom:group-export:v1\\n"), and then each company archive inside it, every problem
prefixed with the member it is in.

Exit status: 0 valid, 1 invalid, 2 unreadable input.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
import tarfile
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

sys.path.insert(0, str(Path(__file__).resolve().parent))
import verify_audit_bundle

FORMAT = "strongroom-company-export/1"
SIGNATURE_FORMAT = "strongroom-company-export-signature/1"
SIGNATURE_DOMAIN = b"strongroom:company-export:v1\n"
GROUP_FORMAT = "strongroom-group-export/1"
GROUP_SIGNATURE_DOMAIN = b"strongroom:group-export:v1\n"
FIXED = ("manifest.json", "manifest.sig")


def _key_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def check_signature(
    manifest_bytes: bytes, signature: dict[str, Any], trusted: list[str], problems: list[str],
    *, domain: bytes = SIGNATURE_DOMAIN,
) -> str:
    """Check the manifest's signature; returns a note naming the key."""
    if signature.get("format") != SIGNATURE_FORMAT:
        problems.append(f"manifest.sig: not a {SIGNATURE_FORMAT} document")
        return "no signature"
    raws = [base64.b64decode(k, validate=True) for k in trusted] if trusted else [
        base64.b64decode(str(signature.get("public_key")), validate=True)
    ]
    keys = {_key_id(raw): Ed25519PublicKey.from_public_bytes(raw) for raw in raws}
    public = keys.get(str(signature.get("key")))
    if public is None:
        problems.append("manifest.sig: signed by a key that is not trusted")
    else:
        try:
            public.verify(base64.b64decode(str(signature.get("signature")), validate=True),
                          domain + manifest_bytes)
        except (InvalidSignature, ValueError, binascii.Error):
            problems.append("manifest.sig: the signature over manifest.json is not valid "
                            "(the manifest was changed, or signed by another key)")
    source = "trusted" if trusted else "from the archive"
    return f"manifest signed by key {signature.get('key')} ({source})"


def _digest(tar: tarfile.TarFile, info: tarfile.TarInfo) -> tuple[str, int]:
    handle = tar.extractfile(info)
    if handle is None:
        raise ValueError(f"{info.name} cannot be read")
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _read(tar: tarfile.TarFile, info: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(info)
    if handle is None:
        raise ValueError(f"{info.name} cannot be read")
    return handle.read()


def verify(path: str, trusted: list[str]) -> tuple[list[str], list[str]]:
    """(problems, notes) for the archive at ``path``; no problems means it verified."""
    with tarfile.open(path, mode="r:*") as tar:
        return verify_tar(tar, trusted)


def verify_tar(tar: tarfile.TarFile, trusted: list[str]) -> tuple[list[str], list[str]]:
    """(problems, notes) for an open company or group archive."""
    problems: list[str] = []
    notes: list[str] = []
    infos: dict[str, tarfile.TarInfo] = {}
    for info in tar:
        if info.name in infos:
            problems.append(f"{info.name}: in the archive more than once")
        elif not info.isfile():
            problems.append(f"{info.name}: not a regular file")
        infos[info.name] = info
    for name in FIXED:
        if name not in infos or not infos[name].isfile():
            return [f"{name} is missing: not a company export"], notes
    manifest_bytes = _read(tar, infos["manifest.json"])
    manifest = json.loads(manifest_bytes)
    kind = manifest.get("format") if isinstance(manifest, dict) else None
    if kind not in (FORMAT, GROUP_FORMAT):
        return [f"manifest.json: not a {FORMAT} manifest (newer or foreign format)"], notes
    domain = GROUP_SIGNATURE_DOMAIN if kind == GROUP_FORMAT else SIGNATURE_DOMAIN
    notes.append(check_signature(
        manifest_bytes, json.loads(_read(tar, infos["manifest.sig"])), trusted, problems,
        domain=domain,
    ))
    listed: dict[str, Any] = manifest.get("members", {})
    _check_members(tar, infos, listed, problems)
    if kind == GROUP_FORMAT:
        for name in sorted(set(listed) & set(infos)):
            if infos[name].isfile():
                with tarfile.open(fileobj=tar.extractfile(infos[name]), mode="r:*") as inner:
                    found, inner_notes = verify_tar(inner, trusted)
                problems.extend(f"{name}: {problem}" for problem in found)
                notes.extend(f"{name}: {note}" for note in inner_notes)
        group = manifest.get("group", {})
        notes.append(f"group {group.get('slug')} exported {manifest.get('exported_at')}: "
                     f"{len(listed)} company archives")
        return problems, notes
    _check_counts(tar, infos, manifest, problems)
    company = manifest.get("company", {})
    if manifest.get("kind") == "person":  # one person's records and history, no chains
        person = manifest.get("person", {})
        notes.append(
            f"{person.get('type')} {person.get('id')} of company {company.get('slug')} "
            f"exported {manifest.get('exported_at')} from installation "
            f"{str(manifest.get('installation_id'))[:16]}: "
            f"{sum(manifest.get('counts', {}).values())} records, {len(listed)} members"
        )
        return problems, notes
    if "audit/bundle.json" in infos and infos["audit/bundle.json"].isfile():
        bundle = json.loads(_read(tar, infos["audit/bundle.json"]))
        found, bundle_notes = verify_audit_bundle.verify(bundle, trusted)
        problems.extend(f"audit/bundle.json: {problem}" for problem in found)
        notes.extend(bundle_notes)
    else:
        problems.append("audit/bundle.json is missing")
    notes.append(
        f"company {company.get('slug')} exported {manifest.get('exported_at')} from "
        f"installation {str(manifest.get('installation_id'))[:16]}: "
        f"{sum(manifest.get('counts', {}).values())} records, {len(listed)} members"
    )
    return problems, notes


def _check_members(tar: tarfile.TarFile, infos: dict[str, tarfile.TarInfo],
                   listed: dict[str, Any], problems: list[str]) -> None:
    for name in sorted(set(infos) - set(listed) - set(FIXED)):
        problems.append(f"{name}: in the archive but not in the manifest (added)")
    for name, expected in sorted(listed.items()):
        info = infos.get(name)
        if info is None:
            problems.append(f"{name}: listed in the manifest but missing from the archive")
            continue
        if not info.isfile():
            continue
        digest, size = _digest(tar, info)
        if digest != expected.get("sha256") or size != expected.get("size"):
            problems.append(f"{name}: its SHA-256 or size differs from the manifest "
                            "(changed after the export)")


def _check_counts(tar: tarfile.TarFile, infos: dict[str, tarfile.TarInfo],
                  manifest: dict[str, Any], problems: list[str]) -> None:
    for label, count in sorted(manifest.get("counts", {}).items()):
        info = infos.get(f"records/{label}.json")
        if info is None or not info.isfile():
            continue  # reported as missing above
        try:
            rows = json.loads(_read(tar, info))
        except ValueError:
            problems.append(f"records/{label}.json: not valid JSON")
            continue
        held = len(rows) if isinstance(rows, list) else "no array of"
        if held != count:
            problems.append(f"records/{label}.json: holds {held} records, the manifest "
                            f"counts {count}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a Strongroom company export offline.")
    parser.add_argument("archive", help="The file written by 'strongroom company export'.")
    parser.add_argument(
        "--trust-key", action="append", default=[], metavar="BASE64",
        help="Accept only signatures by this public key (repeatable).",
    )
    args = parser.parse_args(argv)
    try:
        problems, notes = verify(args.archive, args.trust_key)
    except (OSError, EOFError, tarfile.TarError, ValueError, KeyError, TypeError,
            AttributeError, binascii.Error) as exc:
        print(f"cannot read {args.archive}: {exc}", file=sys.stderr)
        return 2
    return verify_audit_bundle.report(
        notes, problems, what="the archive",
        ok="OK: the manifest's signature, every member and the history chains verify.",
    )


if __name__ == "__main__":
    sys.exit(main())
