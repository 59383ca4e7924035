"""Every promise (P-A1 … P-H1) and its one live check.

A check is a small function beside the code that keeps its promise, registered with
``@check("P-C3", "Key rotation")``; it takes the operator's actor, reads only aggregates (counts,
ages, ids: never company data, P-B4) and returns an ``Outcome``. ``run_checks`` runs them all and
fails closed: a promise without a check, a check that raises, and a pass without evidence are
``fail``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from strongroom.platform.access.actor import Actor

# The promises of docs/promises.md, in order; tests/compliance/test_registry.py compares them.
PROMISES: dict[str, str] = {
    "P-A1": "Two-factor by default",
    "P-A2": "Third-party login (OIDC)",
    "P-A3": "API keys",
    "P-A4": "Brute-force resistance",
    "P-A5": "Passwords",
    "P-A6": "Sessions",
    "P-A7": "Security events",
    "P-B1": "Roles",
    "P-B2": "Tag rules",
    "P-B3": "Tenant isolation",
    "P-B4": "Least privilege for operators",
    "P-B5": "Support impersonation by consent",
    "P-C1": "In transit",
    "P-C2": "At rest",
    "P-C3": "Key rotation",
    "P-C4": "Keys die with the service",
    "P-D1": "Complete version history",
    "P-D2": "Tamper evidence",
    "P-D3": "Legal retention",
    "P-D4": "Deletion",
    "P-D5": "Retention policies",
    "P-D6": "Erasure",
    "P-D7": "Service end",
    "P-E1": "Documented API",
    "P-E2": "Company export",
    "P-E3": "Export about one person",
    "P-E4": "Data residency",
    "P-F1": "Encrypted backups",
    "P-F2": "Point-in-time recovery",
    "P-F3": "Restore drills",
    "P-F4": "High availability",
    "P-F5": "Health endpoints and status page",
    "P-G1": "security.txt and reporting",
    "P-G2": "Vulnerability management",
    "P-G3": "Incident register",
    "P-G4": "Read access log",
    "P-G5": "Sub-processors",
    "P-G6": "Change log",
    "P-G7": "Anomaly alerts",
    "P-G8": "strongroom compliance report",
    "P-H1": "Performance",
}


class Status(enum.StrEnum):
    PASS = "pass"  # noqa: S105 (a status, not a password)
    FAIL = "fail"
    WARN = "warn"
    NOT_APPLICABLE = "not-applicable"


@dataclass(frozen=True)
class Outcome:
    """What a check found: a status, why, and the figures that show it."""

    status: Status
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)


def passed(reason: str, **evidence: Any) -> Outcome:
    return Outcome(Status.PASS, reason, evidence)


def failed(reason: str, **evidence: Any) -> Outcome:
    return Outcome(Status.FAIL, reason, evidence)


def warned(reason: str, **evidence: Any) -> Outcome:
    return Outcome(Status.WARN, reason, evidence)


def not_applicable(reason: str, **evidence: Any) -> Outcome:
    return Outcome(Status.NOT_APPLICABLE, reason, evidence)


def not_built(what: str, **evidence: Any) -> Outcome:
    """A promise (or the part of it) that is not built yet: never a pass."""
    return Outcome(Status.WARN, f"not built yet: {what}", evidence)


@dataclass(frozen=True)
class Result:
    promise: str
    title: str
    status: Status
    reason: str
    evidence: dict[str, Any]
    checked_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.promise, "title": self.title, "status": str(self.status),
            "reason": self.reason, "evidence": jsonable(self.evidence),
            "checked_at": self.checked_at.isoformat(),
        }


CheckFunction = Callable[[Actor], Outcome]
_CHECKS: dict[str, CheckFunction] = {}


def check(promise: str, title: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register the one check of ``promise``; an unknown promise, a wrong title or a second
    check stops start-up."""

    def register(function: CheckFunction) -> CheckFunction:
        if PROMISES.get(promise) != title:
            raise ImproperlyConfigured(f"{promise} {title!r} is not a promise of the registry")
        known = _CHECKS.get(promise)
        name = f"{function.__module__}.{function.__qualname__}"
        if known is not None and f"{known.__module__}.{known.__qualname__}" != name:
            raise ImproperlyConfigured(f"{promise} has two checks: {name} and {known.__module__}")
        _CHECKS[promise] = function
        return function

    return register


def checks() -> dict[str, CheckFunction]:
    """The registered checks by promise id."""
    return dict(_CHECKS)


def run_check(actor: Actor, promise: str) -> Result:
    """One promise's check; fail closed on anything but a well-formed outcome."""
    function = _CHECKS.get(promise)
    outcome: Outcome
    if function is None:
        outcome = failed("no check is registered for this promise")
    else:
        try:
            with transaction.atomic():  # a failing query must not spoil the checks after it
                outcome = function(actor)
        except Exception as error:  # whatever breaks a check fails its promise
            outcome = failed(f"the check could not run: {type(error).__name__}: {error}")
        if not isinstance(outcome, Outcome):
            outcome = failed("the check returned no outcome")
        elif outcome.status == Status.PASS and not outcome.evidence:
            outcome = failed(f"a pass without evidence is not a pass ({outcome.reason})")
    return Result(
        promise, PROMISES[promise], outcome.status, outcome.reason, outcome.evidence,
        timezone.now(),
    )


def run_checks(actor: Actor) -> list[Result]:
    """Every promise's result, in the registry's order."""
    return [run_check(actor, promise) for promise in PROMISES]


def jsonable(value: Any) -> Any:
    """Evidence as JSON: dates as ISO 8601, tuples and sets as lists, floats as text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)  # floats too: signed JSON has no canonical form for them
