"""``strongroom security incident open|scope|list|show``: the incident register (P-G3) from the
command line, for the operator on the server."""

from __future__ import annotations

import json
from argparse import ArgumentParser, ArgumentTypeError
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, OutputWrapper

from strongroom.platform.access.actor import Actor, cli_actor
from strongroom.project.management.commands._base import validation_error
from strongroom.security import actions, incident_selectors
from strongroom.security.models import Category, Incident
from strongroom.security.sla import Severity


def moment(text: str) -> datetime:
    """An ISO 8601 moment; without an offset it is UTC."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"not an ISO 8601 moment: {text!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def add_arguments(sub: Any) -> None:
    """The ``incident`` subcommand and its own subcommands."""
    parser: ArgumentParser = sub.add_parser("incident", help="The security incident register.")
    own = parser.add_subparsers(dest="incident_action", required=True,
                                metavar="{open,scope,list,show}")
    opened = own.add_parser("open", help="Open an incident.")
    opened.add_argument("--title", required=True)
    opened.add_argument("--severity", required=True, choices=Severity.values)
    opened.add_argument("--category", required=True, choices=Category.values)
    opened.add_argument("--summary", default="")
    opened.add_argument("--detected-at", type=moment,
                        help="ISO 8601 (default: the confirmation, else now).")
    opened.add_argument("--confirmed-at", type=moment,
                        help="Awareness, ISO 8601: the 72-hour clock starts here.")
    scope = own.add_parser("scope", help="Compute the affected companies from a scope "
                           "(criteria combined) and draft a notice to each.")
    scope.add_argument("incident", type=int)
    scope.add_argument("--api-key", default="", help="The key's id or prefix sr_live_…")
    scope.add_argument("--user", default="", help="A member's e-mail address.")
    scope.add_argument("--operator", default="", help="A support operator's e-mail address.")
    scope.add_argument("--start", type=moment, help="ISO 8601, inclusive.")
    scope.add_argument("--end", type=moment, help="ISO 8601, exclusive.")
    for name, text in (("list", "Every incident with its breach clock."),
                       ("show", "One incident: particulars, timeline, affected companies.")):
        cmd = own.add_parser(name, help=text)
        if name == "show":
            cmd.add_argument("incident", type=int)
        cmd.add_argument("--json", action="store_true", help="Machine-readable output.")


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def summary(incident: Incident) -> dict[str, Any]:
    clock = incident_selectors.clock(incident)
    return {
        "id": incident.pk, "reference": incident.reference, "title": incident.title,
        "severity": incident.severity, "category": incident.category, "status": incident.status,
        "owner": incident.owner.email if incident.owner else None,
        "detected_at": _when(incident.detected_at), "confirmed_at": _when(incident.confirmed_at),
        "contained_at": _when(incident.contained_at), "resolved_at": _when(incident.resolved_at),
        "clock": {"state": clock.state, "deadline": _when(clock.deadline),
                  "left": clock.left_text or None},
    }


def run(options: dict[str, Any], out: OutputWrapper) -> None:
    action = options["incident_action"]
    actor = cli_actor(command=f"security incident {action}")
    try:
        {"open": _open, "scope": _scope, "list": _list, "show": _show}[action](
            actor, options, out
        )
    except ValidationError as error:
        raise validation_error(error) from None


def _incident(actor: Actor, pk: int) -> Incident:
    try:
        return incident_selectors.incident(actor, pk)
    except Exception:
        raise CommandError(f"no incident {pk}") from None


def _open(actor: Actor, options: dict[str, Any], out: OutputWrapper) -> None:
    incident = actions.open_incident(
        actor=actor, title=options["title"], severity=options["severity"],
        category=options["category"], summary=options["summary"],
        detected_at=options["detected_at"] or options["confirmed_at"],
    )
    if options["confirmed_at"] is not None:
        actions.record_milestone(actor=actor, incident=incident, milestone="confirmed",
                                 at=options["confirmed_at"])
    out.write(f"{incident.reference} opened (id {incident.pk})")


def _scope(actor: Actor, options: dict[str, Any], out: OutputWrapper) -> None:
    incident = _incident(actor, options["incident"])
    subjects = incident_selectors.scope_subjects(
        actor, api_key=options["api_key"], user=options["user"], operator=options["operator"]
    )
    rows = actions.compute_scope(
        actor=actor, incident=incident, api_key=subjects.api_key, user=subjects.user,
        operator=subjects.operator, start=options["start"], end=options["end"],
    )
    out.write(f"{len(rows)} compan{'y' if len(rows) == 1 else 'ies'} affected; "
              "a notice is drafted for each")
    for row in rows:
        out.write(f"  company {row.company_id}: {row.records} record(s), {row.people} "
                  f"people, {row.reads} read(s), {row.changes} change(s)")


def _list(actor: Actor, options: dict[str, Any], out: OutputWrapper) -> None:
    rows = [summary(i) for i in incident_selectors.incidents(actor)]
    if options["json"]:
        out.write(json.dumps(rows, indent=2))
        return
    for row in rows:
        clock = row["clock"]
        left = f" ({clock['left']})" if clock["left"] else ""
        out.write(f"{row['reference']:>6} {row['status']:9} {row['severity']:8} "
                  f"{clock['state']}{left}  {row['title']}")


def _show(actor: Actor, options: dict[str, Any], out: OutputWrapper) -> None:
    incident = _incident(actor, options["incident"])
    data = summary(incident)
    sent = {n.company_id: [_when(s.sent_at) for s in n.sendings.all()]
            for n in incident.notices.all()}
    data["affected"] = [{
        "company": row.company.slug, "records": row.records, "people": row.people,
        "reads": row.reads, "changes": row.changes, "notice_sent": sent.get(row.company_id, []),
    } for row in incident_selectors.affected(actor, incident)]
    data["scope_computed_at"] = _when(incident.scope_computed_at)
    if options["json"]:
        out.write(json.dumps(data, indent=2))
        return
    for key, value in data.items():
        if key != "affected":
            out.write(f"{key}: {value}")
    for row in data["affected"]:
        out.write(f"  {row['company']}: {row['records']} record(s), {row['people']} people, "
                  f"notice sent: {', '.join(row['notice_sent']) or 'no'}")
