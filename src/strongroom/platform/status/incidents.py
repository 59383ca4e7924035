"""Incidents on the status page: automatic ones from runs of failed probes, and the ones
operators write (``strongroom status incident``, or any code that calls the functions below).

An automatic incident opens at the first probe run in which a component is down, gathers every
component that goes down while it lasts, and is resolved by the first run in which all are up
again. Operator incidents have a title and public updates, each with a state; writing one
republishes the page at once. Their text is public: it must never hold company data.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence

from strongroom.platform.status import history, page
from strongroom.platform.status.config import StatusConfig, from_settings
from strongroom.platform.status.probe import COMPONENTS, Observation

STATES = ("investigating", "identified", "monitoring", "resolved")
MAX_TITLE = 200
MAX_MESSAGE = 2000


class IncidentError(ValueError):
    """An operator incident that cannot be written as asked."""


def automatic_title(components: Iterable[str]) -> str:
    return f"{', '.join(components)} unavailable"


def track_automatic(
    connection: sqlite3.Connection, *, at: int, observations: Sequence[Observation]
) -> None:
    """Open, widen or resolve the automatic incident after the probe run at ``at``."""
    down = [o.component for o in observations if not o.up]
    open_now = history.incidents(connection, automatic=True, open_only=True)
    current = open_now[0] if open_now else None
    if down and current is None:
        ident = history.insert_incident(
            connection, automatic=True, title=automatic_title(down), components=down, at=at
        )
        history.add_update(
            connection, incident_id=ident, at=at, state="investigating",
            message=f"The status checks found {', '.join(down)} down.",
        )
    elif down and current is not None:
        added = [name for name in down if name not in current.components]
        if added:
            components = [*current.components, *added]
            history.set_components(
                connection, incident_id=current.id, title=automatic_title(components),
                components=components,
            )
            history.add_update(
                connection, incident_id=current.id, at=at, state="investigating",
                message=f"The status checks also found {', '.join(added)} down.",
            )
    elif observations and current is not None:
        history.add_update(
            connection, incident_id=current.id, at=at, state="resolved",
            message="The status checks found every component up again.",
        )


def open_incident(
    *, title: str, message: str, components: Sequence[str] = (), state: str = "investigating",
    at: int | None = None, config: StatusConfig | None = None,
) -> int:
    """Open an operator incident with its first public message; its id. The page is
    republished."""
    config = config or from_settings()
    title = _text(title, "title", MAX_TITLE)
    message = _text(message, "message", MAX_MESSAGE)
    _check_components(components)
    if state not in STATES or state == "resolved":
        raise IncidentError(f"an incident opens as one of {', '.join(STATES[:-1])}")
    moment = _now(at)
    with history.opened(config.history_file) as connection:
        ident = history.insert_incident(
            connection, automatic=False, title=title, components=components, at=moment
        )
        history.add_update(
            connection, incident_id=ident, at=moment, state=state, message=message
        )
    page.publish(config, now=moment)
    return ident


def update_incident(
    *, incident_id: int, message: str, state: str | None = None, at: int | None = None,
    config: StatusConfig | None = None,
) -> None:
    """Add a public update to an open operator incident (keeping its state unless given)."""
    config = config or from_settings()
    message = _text(message, "message", MAX_MESSAGE)
    if state is not None and state not in STATES:
        raise IncidentError(f"state must be one of {', '.join(STATES)}")
    moment = _now(at)
    with history.opened(config.history_file) as connection:
        incident = _operator_incident(connection, incident_id)
        if incident.ended_at is not None:
            raise IncidentError(f"incident {incident_id} is resolved already")
        history.add_update(
            connection, incident_id=incident_id, at=moment, state=state or incident.state,
            message=message,
        )
    page.publish(config, now=moment)


def resolve_incident(
    *, incident_id: int, message: str, at: int | None = None, config: StatusConfig | None = None
) -> None:
    """Resolve an operator incident with a last public message."""
    update_incident(
        incident_id=incident_id, message=message, state="resolved", at=at, config=config
    )


def list_incidents(*, config: StatusConfig | None = None) -> list[history.Incident]:
    """Every incident kept, newest first."""
    config = config or from_settings()
    with history.opened(config.history_file) as connection:
        return history.incidents(connection)


def _operator_incident(connection: sqlite3.Connection, incident_id: int) -> history.Incident:
    found = history.incidents(connection, incident_id=incident_id)
    if not found:
        raise IncidentError(f"there is no incident {incident_id}")
    if found[0].automatic:
        raise IncidentError(f"incident {incident_id} is automatic: the probes resolve it")
    return found[0]


def _text(value: str, name: str, limit: int) -> str:
    value = " ".join(value.split()) if name == "title" else value.strip()
    if not value:
        raise IncidentError(f"the {name} is empty")
    if len(value) > limit:
        raise IncidentError(f"the {name} is longer than {limit} characters")
    return value


def _check_components(components: Sequence[str]) -> None:
    unknown = [name for name in components if name not in COMPONENTS]
    if unknown:
        raise IncidentError(
            f"unknown component(s) {', '.join(unknown)}; known: {', '.join(COMPONENTS)}"
        )


def _now(at: int | None) -> int:
    return int(time.time()) if at is None else at
