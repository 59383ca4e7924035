#!/usr/bin/env python3
"""Verify a signed Strongroom compliance report offline, without trusting the server that wrote
it.

    python3 verify_compliance_report.py REPORT.json [--trust-key BASE64_PUBLIC_KEY ...]

REPORT.json is what ``strongroom compliance report --json`` writes: ``{"report": ...,
"signature": {"format", "key", "signature", "public_key"}}``. Needs Python 3.9+ and the
``cryptography`` package only. It checks that ``signature`` is a valid Ed25519 signature over
"strongroom:compliance-report:v1\\n" followed by the report's canonical JSON (the canonical form
of ``verify_audit_bundle.py`` beside this file), by a trusted key (``--trust-key``, from
``strongroom audit public-key``), else by the key the report names (and says so); and that the
report lists every promise with a status. It prints the summary and the promises that fail.

Exit status: 0 valid, 1 invalid, 2 unreadable input.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

sys.path.insert(0, str(Path(__file__).resolve().parent))
import verify_audit_bundle

FORMAT = "strongroom-compliance-report/1"
SIGNATURE_FORMAT = "strongroom-compliance-report-signature/1"
SIGNATURE_DOMAIN = b"strongroom:compliance-report:v1\n"
STATUSES = ("pass", "fail", "warn", "not-applicable")


def verify(document: dict[str, Any], trusted: list[str]) -> tuple[list[str], list[str]]:
    """(problems, notes) for a parsed signed report; no problems means it verified."""
    report, signature = document.get("report"), document.get("signature")
    if not isinstance(report, dict) or report.get("format") != FORMAT:
        return [f"not a {FORMAT} document"], []
    if not isinstance(signature, dict) or signature.get("format") != SIGNATURE_FORMAT:
        return ["the report carries no signature"], []
    raws = [base64.b64decode(k, validate=True) for k in trusted] if trusted else [
        base64.b64decode(str(signature.get("public_key")), validate=True)
    ]
    keys = {verify_audit_bundle.key_id(raw): Ed25519PublicKey.from_public_bytes(raw)
            for raw in raws}
    problems: list[str] = []
    message = SIGNATURE_DOMAIN + verify_audit_bundle.canonical(report)
    if str(signature.get("key")) not in keys:
        problems.append("signed by a key that is not trusted")
    elif not verify_audit_bundle._signed_by(
        keys, signature.get("key"), signature.get("signature"), message
    ):
        problems.append("the signature is not valid (the report was changed, or signed by "
                        "another key)")
    promises = report.get("promises", [])
    for item in promises:
        if item.get("status") not in STATUSES:
            problems.append(f"{item.get('id')}: no valid status")
    source = "trusted" if trusted else "from the report"
    notes = [
        f"report of {report.get('generated_at')} signed by key {signature.get('key')} ({source})",
        f"{len(promises)} promises: " + ", ".join(
            f"{count} {status}" for status, count in report.get("summary", {}).items()
        ),
    ]
    notes += [f"FAIL {item.get('id')} {item.get('title')}: {item.get('reason')}"
              for item in promises if item.get("status") == "fail"]
    return problems, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a Strongroom compliance report offline.")
    parser.add_argument("report", help="The file written by 'strongroom compliance report "
                        "--json'.")
    parser.add_argument(
        "--trust-key", action="append", default=[], metavar="BASE64",
        help="Accept only signatures by this public key (repeatable).",
    )
    args = parser.parse_args(argv)
    try:
        with open(args.report, encoding="utf-8") as handle:
            document = json.load(handle)
        if not isinstance(document, dict):
            raise ValueError("the report is not a JSON object")
        problems, notes = verify(document, args.trust_key)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
        print(f"cannot read {args.report}: {exc}", file=sys.stderr)
        return 2
    return verify_audit_bundle.report(
        notes, problems, what="the report",
        ok="OK: the signature verifies (the report's own verdict is in its summary).",
    )


if __name__ == "__main__":
    sys.exit(main())
