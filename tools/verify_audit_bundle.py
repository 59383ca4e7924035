#!/usr/bin/env python3
"""Verify a Strongroom audit bundle or termination certificate offline, without trusting the
server that wrote it.

    python3 verify_audit_bundle.py BUNDLE.json [--trust-key BASE64_PUBLIC_KEY ...]
    python3 verify_audit_bundle.py CERTIFICATE.json [--trust-key BASE64_PUBLIC_KEY ...]

Needs Python 3.9+ and the ``cryptography`` package only; it shares no code with Strongroom and
implements the canonical encoding itself. It checks, for every chain in the bundle:

- entries are at positions 1, 2, 3... with no gap, and each names its chain and position;
- each entry links to the previous entry's hash (the first to 64 zeros);
- each entry's hash is SHA-256(domain || "\\n" || previous hash || "\\n" || canonical(content)),
  where canonical is JSON with sorted keys, no insignificant white space, UTF-8;
- every checkpoint's Ed25519 signature is valid and the entry at its size has its head hash;
- the last entry of each chain is covered by a checkpoint.

For a termination certificate (``strongroom company certificate SLUG``) it checks the Ed25519
signature over "strongroom:termination:v1\\n" || canonical(certificate), and the signature of
every final checkpoint the certificate lists.

Public keys come from the bundle (or certificate) unless ``--trust-key`` names the keys to
accept (get them from the operator out of band: ``strongroom audit public-key``). Exit status:
0 valid, 1 invalid, 2 unreadable input.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FORMAT = "strongroom-audit-bundle/1"
CERTIFICATE_FORMAT = "strongroom-termination-certificate/1"
CERTIFICATE_DOMAIN = b"strongroom:termination:v1\n"
GENESIS = "0" * 64
DOMAINS = {"audit": "strongroom:audit:v1", "access": "strongroom:access:v1"}
CHECKPOINT_DOMAIN = b"strongroom:checkpoint:v1\n"


def canonical(value: Any) -> bytes:
    """Sorted keys, no white space between tokens, non-ASCII as UTF-8, no NaN or floats."""
    _reject_floats(value)
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _reject_floats(value: Any) -> None:
    if isinstance(value, float):
        raise ValueError("floats have no canonical form")
    if isinstance(value, dict):
        for item in value.values():
            _reject_floats(item)
    elif isinstance(value, list):
        for item in value:
            _reject_floats(item)


def entry_hash(domain: str, prev: str, content: Any) -> str:
    digest = hashlib.sha256(domain.encode("ascii") + b"\n")
    digest.update(prev.encode("ascii") + b"\n")
    digest.update(canonical(content))
    return digest.hexdigest()


def key_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def load_keys(bundle: dict[str, Any], trusted: list[str]) -> dict[str, Ed25519PublicKey]:
    raws = [base64.b64decode(k, validate=True) for k in trusted] if trusted else [
        base64.b64decode(item["key"], validate=True) for item in bundle.get("public_keys", [])
    ]
    return {key_id(raw): Ed25519PublicKey.from_public_bytes(raw) for raw in raws}


def check_chain(key: str, chain: dict[str, Any], problems: list[str]) -> list[str]:
    """Check one chain's entries; returns their hashes by position (index 0 = entry 1)."""
    kind = chain.get("kind")
    domain = DOMAINS.get(kind)  # type: ignore[arg-type]
    if domain is None or chain.get("domain") != domain:
        problems.append(f"{key}: unknown chain kind or domain")
        return []
    hashes: list[str] = []
    prev = GENESIS
    for index, entry in enumerate(chain.get("entries", [])):
        position = index + 1
        content = entry.get("content", {})
        where = f"{key}, entry {position}"
        if content.get("seq") != position:
            problems.append(f"{where}: position {content.get('seq')} out of order (gap or reorder)")
        if content.get("chain") != key:
            problems.append(f"{where}: belongs to chain {content.get('chain')!r}")
        if content.get("prev") != prev:
            problems.append(f"{where}: does not link to the entry before it")
        try:
            computed = entry_hash(domain, content.get("prev", ""), content)
        except (TypeError, ValueError) as exc:
            problems.append(f"{where}: content cannot be encoded ({exc})")
            computed = ""
        if computed != entry.get("hash"):
            problems.append(f"{where}: content does not match its hash")
        prev = str(entry.get("hash"))
        hashes.append(prev)
    return hashes


def check_checkpoints(
    bundle: dict[str, Any], hashes: dict[str, list[str]], keys: dict[str, Ed25519PublicKey],
    problems: list[str],
) -> dict[str, int]:
    """Check every checkpoint; returns the largest signed size per chain."""
    covered: dict[str, int] = {}
    for cp in bundle.get("checkpoints", []):
        statement = {k: cp.get(k) for k in ("v", "chain", "size", "head", "at", "key")}
        where = f"checkpoint {cp.get('chain')} @ {cp.get('size')}"
        public = keys.get(str(cp.get("key")))
        if public is None:
            problems.append(f"{where}: signed by an unknown key {cp.get('key')}")
            continue
        try:
            public.verify(
                base64.b64decode(str(cp.get("signature")), validate=True),
                CHECKPOINT_DOMAIN + canonical(statement),
            )
        except (InvalidSignature, ValueError, binascii.Error):
            problems.append(f"{where}: the signature is not valid")
            continue
        chain_hashes = hashes.get(str(cp.get("chain")), [])
        size = cp.get("size")
        if not isinstance(size, int) or not 1 <= size <= len(chain_hashes):
            problems.append(f"{where}: covers entries the bundle does not hold (cut short)")
        elif chain_hashes[size - 1] != cp.get("head"):
            problems.append(f"{where}: entry {size} is not the entry that was signed")
        else:
            covered[str(cp["chain"])] = max(covered.get(str(cp["chain"]), 0), size)
    return covered


def _signed_by(keys: dict[str, Ed25519PublicKey], key: Any, signature: Any, message: bytes) -> bool:
    public = keys.get(str(key))
    if public is None:
        return False
    try:
        public.verify(base64.b64decode(str(signature), validate=True), message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def verify_certificate(
    document: dict[str, Any], trusted: list[str]
) -> tuple[list[str], list[str]]:
    """(problems, notes) for a parsed termination certificate."""
    raw = [document["public_key"]] if not trusted else []
    keys = load_keys({"public_keys": [{"key": k} for k in raw]}, trusted)
    body = document.get("certificate")
    if not isinstance(body, dict):
        return ["the certificate is not a JSON object"], []
    problems: list[str] = []
    if not _signed_by(keys, document.get("key"), document.get("signature"),
                      CERTIFICATE_DOMAIN + canonical(body)):
        problems.append("the certificate's signature is not valid (or its key is not trusted)")
    for cp in body.get("final_checkpoints", []):
        statement = {k: cp.get(k) for k in ("v", "chain", "size", "head", "at", "key")}
        if not _signed_by(keys, cp.get("key"), cp.get("signature"),
                          CHECKPOINT_DOMAIN + canonical(statement)):
            problems.append(f"final checkpoint of {cp.get('chain')}: the signature is not valid")
    company = body.get("company", {})
    destroyed = body.get("destroyed_keys", {})
    notes = [f"key {kid} ({'trusted' if trusted else 'from the certificate'})" for kid in keys]
    notes.append(
        f"company {company.get('slug')} (id {company.get('id')}) terminated "
        f"{body.get('terminated_at')}: {len(destroyed.get('company_keys', []))} company key "
        f"version(s) and {len(destroyed.get('data_keys', []))} data key(s) destroyed"
    )
    return problems, notes


def verify(bundle: dict[str, Any], trusted: list[str]) -> tuple[list[str], list[str]]:
    """(problems, notes) for a parsed bundle or certificate; no problems means it verified."""
    problems: list[str] = []
    if bundle.get("format") == CERTIFICATE_FORMAT:
        return verify_certificate(bundle, trusted)
    if bundle.get("format") != FORMAT:
        return [f"not a {FORMAT} bundle"], []
    keys = load_keys(bundle, trusted)
    hashes = {
        key: check_chain(key, chain, problems) for key, chain in bundle.get("chains", {}).items()
    }
    covered = check_checkpoints(bundle, hashes, keys, problems)
    notes = [f"key {kid} ({'trusted' if trusted else 'from the bundle'})" for kid in keys]
    for key, chain_hashes in hashes.items():
        if chain_hashes and covered.get(key, 0) < len(chain_hashes):
            problems.append(
                f"{key}: entries {covered.get(key, 0) + 1}-{len(chain_hashes)} are not covered "
                "by a valid checkpoint"
            )
        notes.append(f"{key}: {len(chain_hashes)} entries, signed up to {covered.get(key, 0)}")
    return problems, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a Strongroom audit bundle offline.")
    parser.add_argument(
        "bundle",
        help="The file written by 'strongroom audit export' or 'strongroom company certificate'.",
    )
    parser.add_argument(
        "--trust-key", action="append", default=[], metavar="BASE64",
        help="Accept only checkpoints signed by this public key (repeatable).",
    )
    args = parser.parse_args(argv)
    try:
        with open(args.bundle, encoding="utf-8") as handle:
            bundle = json.load(handle)
        if not isinstance(bundle, dict):
            raise ValueError("the bundle is not a JSON object")
        problems, notes = verify(bundle, args.trust_key)
    except (OSError, ValueError, KeyError, TypeError, binascii.Error) as exc:
        print(f"cannot read {args.bundle}: {exc}", file=sys.stderr)
        return 2
    return report(notes, problems, what="the bundle", ok=(
        "OK: every signature verifies." if bundle.get("format") == CERTIFICATE_FORMAT
        else "OK: every entry and checkpoint verifies."
    ))


def report(notes: list[str], problems: list[str], *, what: str, ok: str) -> int:
    """Print the notes, then each problem or ``ok``; the exit status (0 valid, 1 invalid).
    Every verifier in this folder ends this way."""
    for note in notes:
        print(note)
    for problem in problems:
        print(f"INVALID {problem}")
    if problems:
        print(f"{len(problems)} problem(s): {what} does not verify.")
        return 1
    print(ok)
    return 0


if __name__ == "__main__":
    sys.exit(main())
