"""The static page: ``index.html`` and ``status.json``, written atomically for the proxy.

The HTML is self-contained (inline CSS, no external asset, readable without JavaScript) and
rendered by a template engine of its own, with nothing of the project's request context, so
it renders without a database. Its Content-Security-Policy allows only its own inline style
and script, by hash. The short script marks the page stale in the visitor's browser when the
last probe is older than ``stale_after`` by the visitor's clock: the page is rewritten after
every probe, so only the visitor can notice that the prober stopped. Without JavaScript the
page says when it was checked and when that would be too old; a page rendered long after its
last probe (an incident written while the prober is stopped) is marked stale as it is written.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from django.utils.safestring import mark_safe

from strongroom.platform.status import document, history
from strongroom.platform.status.config import StatusConfig

TEMPLATES = Path(__file__).resolve().parent / "templates"
PUBLIC_MODE = 0o644
OVERALL_LABELS = {
    "operational": "All systems operational",
    "partial_outage": "Partial outage",
    "major_outage": "Major outage",
    "unknown": "No status checks have run yet",
}
STATE_LABELS = {"up": "Up", "down": "Down", "unknown": "Not checked"}


@cache
def _engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], autoescape=True, debug=False)


@cache
def _asset(name: str) -> str:
    return (TEMPLATES / "status" / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy() -> str:
    """The page's policy: its own inline style and script, nothing else (also for a proxy
    that sets the header itself)."""
    return (
        f"default-src 'none'; style-src {_hash(_asset('page.css'))}; "
        f"script-src {_hash(_asset('stale.js'))}; base-uri 'none'; form-action 'none'"
    )


def render(doc: dict[str, Any]) -> str:
    """The HTML page of a status document."""
    return _engine().get_template("status/index.html").render(Context(_context(doc)))


def publish(config: StatusConfig, *, now: int) -> dict[str, Any]:
    """Build the document from the history and write both files; the document."""
    with history.opened(config.history_file) as connection:
        doc = document.build(
            connection, now=now, interval=config.interval, stale_after=config.stale_after
        )
    if not config.public_dir.exists():
        config.public_dir.mkdir(parents=True)
        config.public_dir.chmod(0o755)
    write_atomically(config.public_dir / "status.json", json.dumps(doc, indent=1) + "\n")
    write_atomically(config.public_dir / "index.html", render(doc))
    return doc


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` in one step (temporary file, fsync, rename), readable by all (0644):
    a reader sees the old file or the new one, never a part."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), PUBLIC_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _moment(text: str | None) -> str:
    if not text:
        return ""
    return datetime.fromisoformat(text).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _duration(seconds: int) -> str:
    if seconds % 60 == 0:
        minutes = seconds // 60
        return "minute" if minutes == 1 else f"{minutes} minutes"
    return f"{seconds} seconds"


def _bar(day: dict[str, Any]) -> dict[str, str]:
    uptime = day["uptime"]
    if uptime is None:
        return {"css": "b-none", "label": f"{day['date']}: no data"}
    css = (
        "b-full" if uptime >= 100 else "b-high" if uptime >= 99
        else "b-mid" if uptime >= 95 else "b-low"
    )
    return {"css": css, "label": f"{day['date']}: {uptime:g} % up"}


def _context(doc: dict[str, Any]) -> dict[str, Any]:
    components = [
        {
            "name": item["name"],
            "state": item["state"],
            "state_label": STATE_LABELS[item["state"]],
            "uptime_text": (
                "No data" if item["uptime_90d"] is None else f"{item['uptime_90d']:g} % uptime"
            ),
            "latency_text": "" if item["latency_ms"] is None else f"{item['latency_ms']} ms",
            "bars": [_bar(day) for day in item["days"]],
        }
        for item in doc["components"]
    ]
    incidents = {key: [_incident(i) for i in doc["incidents"][key]] for key in ("open", "recent")}
    return {
        "csp": content_security_policy(),
        "css": mark_safe(_asset("page.css")),  # noqa: S308 - the package's own file
        "script": mark_safe(_asset("stale.js")),  # noqa: S308 - the package's own file
        "overall": doc["overall"],
        "overall_label": OVERALL_LABELS[doc["overall"]],
        "stale": doc["stale"],
        "last_probe_at": doc["last_probe_at"] or "",
        "last_probe_text": _moment(doc["last_probe_at"]),
        "interval": doc["interval_seconds"],
        "interval_text": _duration(doc["interval_seconds"]),
        "stale_after": doc["stale_after_seconds"],
        "stale_text": _duration(doc["stale_after_seconds"]),
        "components": components,
        "days": history.SHOWN_DAYS,
        "recent_days": document.RECENT_DAYS,
        "open_incidents": incidents["open"],
        "recent_incidents": incidents["recent"],
    }


def _incident(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": item["title"],
        "state": item["state"],
        "state_label": item["state"].capitalize(),
        "components": item["components"],
        "started_text": _moment(item["started_at"]),
        "ended_text": _moment(item["ended_at"]),
        "updates": [
            {
                "at": update["at"], "at_text": _moment(update["at"]),
                "state_label": update["state"].capitalize(), "message": update["message"],
            }
            for update in item["updates"]
        ],
    }
