"""The status document (``status.json``), built from the history alone.

Overall state, each component's current state and its 90 daily bars (a day without probes
has no percentage: it is "no data", never 100 %), uptime over those days, open and recent
incidents, and the time of the last probe with whether that is too long ago (stale).
Percentages are rounded down to two decimals, so 100 means no failed probe at all.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from typing import Any

from strongroom.platform.status import history
from strongroom.platform.status.probe import APPLICATION, COMPONENTS, WEB

VERSION = 1
RECENT_DAYS = 30
MAX_INCIDENTS = 20
OVERALL = ("operational", "partial_outage", "major_outage", "unknown")


def iso(moment: int | None) -> str | None:
    """Seconds since the epoch as ISO 8601 in UTC (``2026-12-07T14:03:00Z``)."""
    if moment is None:
        return None
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def percent(probes: int, ups: int) -> float | None:
    """The share of probes up, in percent rounded down to two decimals; ``None`` without any."""
    return None if probes == 0 else (ups * 10000 // probes) / 100


def shown_days(now: int) -> list[date]:
    """The UTC days the bars show, oldest first, ending today."""
    today = datetime.fromtimestamp(now, UTC).date()
    return [today - timedelta(days=back) for back in range(history.SHOWN_DAYS - 1, -1, -1)]


def build(
    connection: sqlite3.Connection, *, now: int, interval: int, stale_after: int
) -> dict[str, Any]:
    """The whole document at ``now``."""
    days = shown_days(now)
    since = int(datetime(days[0].year, days[0].month, days[0].day, tzinfo=UTC).timestamp())
    counts = history.daily_counts(connection, since=since)
    last = history.last_run(connection)
    current = last.components if last else {}
    names = sorted(
        set(counts) | set(current),
        key=lambda name: (COMPONENTS.index(name) if name in COMPONENTS else len(COMPONENTS), name),
    )
    components = [_component(name, counts.get(name, {}), current, days) for name in names]
    last_at = last.at if last else None
    recent = history.incidents(connection, ended_since=now - RECENT_DAYS * history.DAY)
    return {
        "version": VERSION,
        "generated_at": iso(now),
        "last_probe_at": iso(last_at),
        "interval_seconds": interval,
        "stale_after_seconds": stale_after,
        "stale": last_at is None or now - last_at > stale_after,
        "overall": _overall(current),
        "components": components,
        "incidents": {
            "open": [_incident(i) for i in recent if i.ended_at is None][:MAX_INCIDENTS],
            "recent": [_incident(i) for i in recent if i.ended_at is not None][:MAX_INCIDENTS],
        },
    }


def _component(
    name: str, counts: dict[str, tuple[int, int]],
    current: dict[str, tuple[bool, int | None]], days: list[date],
) -> dict[str, Any]:
    bars = []
    total = ups_total = 0
    for day in days:
        probes, ups = counts.get(day.isoformat(), (0, 0))
        total += probes
        ups_total += ups
        bars.append({"date": day.isoformat(), "probes": probes, "uptime": percent(probes, ups)})
    state = "unknown"
    latency = None
    if name in current:
        up, latency = current[name]
        state = "up" if up else "down"
    return {
        "name": name,
        "state": state,
        "latency_ms": latency,
        "uptime_90d": percent(total, ups_total),
        "days": bars,
    }


def _overall(current: dict[str, tuple[bool, int | None]]) -> str:
    if not current:
        return "unknown"
    down = {name for name, (up, _) in current.items() if not up}
    if not down:
        return "operational"
    return "major_outage" if down & {WEB, APPLICATION} else "partial_outage"


def _incident(incident: history.Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "kind": "automatic" if incident.automatic else "operator",
        "title": incident.title,
        "state": "resolved" if incident.ended_at is not None else incident.state,
        "components": list(incident.components),
        "started_at": iso(incident.started_at),
        "ended_at": iso(incident.ended_at),
        "updates": [
            {"at": iso(update.at), "state": update.state, "message": update.message}
            for update in reversed(incident.updates)
        ],
    }
