"""``strongroom compliance report`` and ``/ops/compliance/`` (P-G8): every promise's live check,
as text, signed JSON and HTML.

The JSON document is ``{"report": ..., "signature": ...}``; the signature is the audit key's
Ed25519 signature over ``strongroom:compliance-report:v1\\n`` followed by the report's canonical
JSON (sorted keys, no white space, UTF-8), which ``tools/verify_compliance_report.py`` checks
offline.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.compliance.registry import (
    PROMISES,
    Outcome,
    Status,
    check,
    checks,
    failed,
    run_checks,
    warned,
)
from strongroom.platform.history import chain, signing

FORMAT = "strongroom-compliance-report/1"
SIGNATURE_FORMAT = "strongroom-compliance-report-signature/1"
SIGNATURE_DOMAIN = b"strongroom:compliance-report:v1\n"
MARKS = {Status.PASS: "PASS", Status.FAIL: "FAIL", Status.WARN: "WARN",
         Status.NOT_APPLICABLE: "N/A"}


@check("P-G8", "strongroom compliance report")
def report_itself(actor: Actor) -> Outcome:
    """Every promise has its check, and reports are signed with a key that verifies."""
    missing = sorted(set(PROMISES) - set(checks()))
    key = signing.signing_key().public_key()
    evidence = {"promises": len(PROMISES), "checks": len(checks()), "without_check": missing,
                "signing_key": signing.key_id(key)}
    if missing:
        return failed(f"promises without a check: {', '.join(missing)}", **evidence)
    return warned("partial: every promise has a live check and reports are signed; NIST OSCAL "
                  "output is not built yet", **evidence)


def build(actor: Actor) -> dict[str, Any]:
    """The report: every promise with its status, reason, evidence and check time."""
    policy.require(actor, PLATFORM_VIEW)
    results = [result.as_json() for result in run_checks(actor)]
    counts = Counter(item["status"] for item in results)
    return {
        "format": FORMAT,
        "generated_at": timezone.now().isoformat(),
        "installation": signing.key_id(signing.signing_key().public_key()),
        "summary": {str(status): counts.get(str(status), 0) for status in Status},
        "ok": not counts.get(str(Status.FAIL)),
        "promises": results,
    }


def signed(report: dict[str, Any]) -> dict[str, Any]:
    """The report with the audit key's signature over its canonical bytes."""
    key_id, signature = signing.sign(SIGNATURE_DOMAIN + chain.canonical_bytes(report))
    return {"report": report, "signature": {
        "format": SIGNATURE_FORMAT, "key": key_id, "signature": signature,
        "public_key": signing.encode_public(signing.signing_key().public_key()),
    }}


def as_json(report: dict[str, Any]) -> str:
    return json.dumps(signed(report), indent=2, ensure_ascii=False) + "\n"


def as_text(report: dict[str, Any]) -> str:
    """The summary for people: one line per promise, then the totals."""
    lines = [f"Compliance report, {report['generated_at']}"]
    for item in report["promises"]:
        lines.append(f"{MARKS[Status(item['status'])]:<4} {item['id']:<5} {item['title']}: "
                     f"{item['reason']}")
    summary = report["summary"]
    lines.append(", ".join(f"{count} {status}" for status, count in summary.items()))
    lines.append("Every promise holds or is honestly marked." if report["ok"]
                 else f"{summary[str(Status.FAIL)]} promise(s) FAIL.")
    return "\n".join(lines) + "\n"


def as_html(report: dict[str, Any]) -> str:
    """A self-contained page (``--html``)."""
    return render_to_string("security/compliance_report.html",
                            {"report": report, "rows": rows(report)})


def rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The promises with their evidence as text, for the templates."""
    return [{**item, "evidence_text": json.dumps(item["evidence"], indent=1, ensure_ascii=False)}
            for item in report["promises"]]
