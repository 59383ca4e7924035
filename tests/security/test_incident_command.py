"""``strongroom security incident open|scope|list|show``."""

from __future__ import annotations

import json
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.history import read_log
from strongroom.security.models import Incident
from tests.conftest import World
from tests.factories import make_api_key


def _run(*args: str) -> str:
    out = StringIO()
    call_command("security", "incident", *args, stdout=out)
    return out.getvalue()


def test_open_scope_list_and_show(world: World) -> None:
    key, _ = make_api_key(world.a.members[perms.ACCOUNTANT])
    start = timezone.now()
    read_log.note_read(world.a.actor(perms.ACCOUNTANT), world.a.members[perms.EMPLOYEE])
    # the reads of the key's actor name it as its credential (as web/actor.py does)
    keyed = replace(world.a.actor(perms.ACCOUNTANT), credential=f"api key {key.prefix}")
    read_log.note_reads(keyed, [world.a.members[perms.EMPLOYEE], world.a.members[perms.OWNER]])

    opened = _run("open", "--title", "Key in a paste site", "--severity", "critical",
                  "--category", "credential_leak", "--confirmed-at", start.isoformat())
    incident = Incident.objects.get()
    assert opened.startswith(f"I-{incident.pk} opened")
    assert incident.confirmed_at == start

    scoped = _run("scope", str(incident.pk), "--api-key", key.prefix,
                  "--start", start.isoformat())
    assert scoped.splitlines()[0] == "1 company affected; a notice is drafted for each"
    assert "2 record(s), 2 people, 2 read(s)" in scoped

    (listed,) = json.loads(_run("list", "--json"))
    assert (listed["reference"], listed["clock"]["state"]) == (f"I-{incident.pk}", "running")
    shown = json.loads(_run("show", str(incident.pk), "--json"))
    assert shown["affected"] == [{
        "company": "acme", "records": 2, "people": 2, "reads": 2, "changes": 0,
        "notice_sent": [],
    }]
    assert "running" in _run("list")

    with pytest.raises(CommandError, match="No such API key"):
        _run("scope", str(incident.pk), "--api-key", "sr_live_nothere")
    with pytest.raises(CommandError, match="no incident"):
        _run("show", "999999")
