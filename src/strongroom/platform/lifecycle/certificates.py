"""Termination certificates: signed statements that a company's keys were destroyed (P-C4).

A certificate is one JSON document::

    {"format": "strongroom-termination-certificate/1",
     "certificate": {"v": 1, "company": {"id", "slug", "name"}, "terminated_at": ...,
                     "operator": {"name", "email", "channel", "credential"}, "reason": ...,
                     "destroyed_keys": {"company_keys": [...], "data_keys": [...]},
                     "final_checkpoints": [{"v", "chain", "size", "head", "at", "key",
                                            "signature"}, ...]},
     "key": key id, "signature": base64 Ed25519 signature, "public_key": base64 raw key}

The signature, by the audit signing key (platform/history/signing.py), is over
``strongroom:termination:v1\\n`` followed by the canonical encoding (sorted keys, no white
space, UTF-8) of ``certificate``. ``strongroom company verify-certificate FILE`` checks it
against the installation's audit keys; ``tools/verify_audit_bundle.py FILE --trust-key KEY``
checks it offline.
"""

from __future__ import annotations

import json
from typing import Any

from strongroom.platform.history import chain, checkpoints, signing
from strongroom.platform.history.models import Checkpoint

FORMAT = "strongroom-termination-certificate/1"
DOMAIN = b"strongroom:termination:v1\n"


def message(body: dict[str, Any]) -> bytes:
    """The bytes a certificate's signature is over."""
    return DOMAIN + chain.canonical_bytes(body)


def checkpoint_entry(checkpoint: Checkpoint) -> dict[str, Any]:
    """A final checkpoint as the certificate lists it: its statement and signature."""
    return {**checkpoints.statement(checkpoint), "signature": checkpoint.signature}


def issue(body: dict[str, Any]) -> str:
    """Sign ``body`` and return the certificate document (JSON text)."""
    key_id, signature = signing.sign(message(body))
    document = {
        "format": FORMAT,
        "certificate": body,
        "key": key_id,
        "signature": signature,
        "public_key": signing.encode_public(signing.signing_key().public_key()),
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def problems(text: str) -> list[str]:
    """What is wrong with a certificate, checked against this installation's audit keys; an
    empty list means it verifies."""
    try:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            return [f"not a {FORMAT} document"]
        body = document["certificate"]
        if not isinstance(body, dict):
            return ["the certificate is not a JSON object"]
        found: list[str] = []
        if not signing.verify(str(document.get("key")), message(body),
                              str(document.get("signature"))):
            found.append("the certificate's signature is not valid under any known audit key")
        for entry in body.get("final_checkpoints", []):
            statement = {k: entry.get(k) for k in ("v", "chain", "size", "head", "at", "key")}
            signed = checkpoints.DOMAIN + chain.canonical_bytes(statement)
            if not signing.verify(str(entry.get("key")), signed, str(entry.get("signature"))):
                found.append(f"final checkpoint of {entry.get('chain')}: signature not valid")
        return found
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return [f"unreadable certificate: {exc}"]
