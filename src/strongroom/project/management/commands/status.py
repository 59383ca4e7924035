"""``strongroom status probe|render|incident``: the public status page (P-F5).

Nothing here opens the records database or the key store: the command skips Django's system
checks, and the status package keeps its history in a file of its own, so ``status probe``
works, and reports the outage, while PostgreSQL is down.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import threading
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.status import config as status_config
from strongroom.platform.status import incidents, page, runner
from strongroom.platform.status.document import iso
from strongroom.platform.status.probe import COMPONENTS, Observation


class Command(BaseCommand):
    help = "Probe the installation and write the static status page; operator incidents."
    requires_system_checks: list[str] = []  # some checks read the database; probing must not

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{probe,render,incident}"
        )
        probe = sub.add_parser("probe", help="Probe once (what the timer runs), or --loop.")
        probe.add_argument("--loop", action="store_true", help="Probe until stopped.")
        probe.add_argument(
            "--interval", type=int, help="Seconds between probes (default: the setting)."
        )
        probe.add_argument("--quiet", action="store_true", help="Print only what is down.")
        sub.add_parser("render", help="Rewrite the page from the history, without probing.")
        incident = sub.add_parser("incident", help="Operator incidents on the page.")
        verbs = incident.add_subparsers(
            dest="verb", required=True, metavar="{open,update,resolve,list}"
        )
        opening = verbs.add_parser("open", help="Open an incident; prints its id.")
        opening.add_argument("--title", required=True)
        opening.add_argument("--message", required=True, help="Public: never company data.")
        opening.add_argument(
            "--component", action="append", default=[], choices=COMPONENTS,
            help="An affected component (repeat for several).",
        )
        opening.add_argument("--state", default="investigating", choices=incidents.STATES[:-1])
        update = verbs.add_parser("update", help="Add a public update to an open incident.")
        update.add_argument("id", type=int)
        update.add_argument("--message", required=True)
        update.add_argument("--state", choices=incidents.STATES[:-1])
        resolve = verbs.add_parser("resolve", help="Resolve an incident with a last message.")
        resolve.add_argument("id", type=int)
        resolve.add_argument("--message", required=True)
        listing = verbs.add_parser("list", help="Every incident kept.")
        listing.add_argument("--json", action="store_true", help="Machine-readable output.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except (runner.NothingToProbe, incidents.IncidentError) as error:
            raise CommandError(str(error)) from None
        except (OSError, sqlite3.Error) as error:
            raise CommandError(f"the status page could not be written: {error}") from None

    def _probe(self, options: dict[str, Any]) -> None:
        overrides = {"interval": options["interval"]} if options["interval"] else {}
        if options["interval"] is not None and options["interval"] < 1:
            raise CommandError("--interval must be at least 1 second")
        config = status_config.from_settings(**overrides)
        if not options["loop"]:
            self._report(runner.probe_once(config), quiet=options["quiet"])
            return
        stop = threading.Event()
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: stop.set())
        self.stdout.write(f"Probing every {config.interval} s; writing {config.public_dir}")
        runner.run_loop(
            config, stop=stop,
            report=lambda result: self._report(result, quiet=options["quiet"]),
        )

    def _report(self, result: list[Observation] | Exception, *, quiet: bool) -> None:
        if isinstance(result, Exception):
            self.stderr.write(f"status probe failed: {result}")
            return
        for item in result:
            if quiet and item.up:
                continue
            latency = "-" if item.latency_ms is None else f"{item.latency_ms} ms"
            state = "up" if item.up else "DOWN"
            self.stdout.write(f"{item.component}: {state} ({latency}; {item.detail})")

    def _render(self, options: dict[str, Any]) -> None:
        config = status_config.from_settings()
        doc = page.publish(config, now=int(time.time()))
        stale = " (stale)" if doc["stale"] else ""
        self.stdout.write(f"Wrote {config.public_dir}: {doc['overall']}{stale}")

    def _incident(self, options: dict[str, Any]) -> None:
        verb = options["verb"]
        if verb == "open":
            ident = incidents.open_incident(
                title=options["title"], message=options["message"],
                components=options["component"], state=options["state"],
            )
            self.stdout.write(str(ident))
        elif verb == "update":
            incidents.update_incident(
                incident_id=options["id"], message=options["message"], state=options["state"]
            )
        elif verb == "resolve":
            incidents.resolve_incident(incident_id=options["id"], message=options["message"])
        else:
            self._list(json_output=options["json"])

    def _list(self, *, json_output: bool) -> None:
        found = incidents.list_incidents()
        if json_output:
            rows = [
                {
                    "id": i.id, "automatic": i.automatic, "title": i.title,
                    "components": list(i.components), "state": i.state,
                    "started_at": iso(i.started_at), "ended_at": iso(i.ended_at),
                }
                for i in found
            ]
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for i in found:
            kind = "auto" if i.automatic else "operator"
            ended = iso(i.ended_at) or "ongoing"
            self.stdout.write(
                f"{i.id:>5}  {kind:<8}  {i.state:<13}  {iso(i.started_at)} .. {ended}  {i.title}"
            )
