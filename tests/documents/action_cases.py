"""Calls of the documents actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor
from strongroom.records.documents import actions
from tests.conftest import World
from tests.contacts.factories import make_organisation
from tests.documents.factories import make_document
from tests.files import samples

Build = Callable[[World, Actor], dict[str, Any]]


def _second_version(world: World, _: Actor) -> dict[str, Any]:
    document = make_document(world.a, versions=2)
    return {
        "actor": world.a.actor(perms.MANAGER), "version": document.versions.get(number=1),
    }


CASES: dict[Callable[..., Any], Build] = {
    actions.create_document: lambda w, p: {
        "actor": w.a.actor(perms.EMPLOYEE), "upload": samples.upload("minutes.txt", samples.TEXT),
        "target_type": "contacts.organisation", "target_id": make_organisation(w.a).pk,
    },
    actions.add_document_version: lambda w, p: {
        "actor": w.a.actor(perms.EMPLOYEE), "document": make_document(w.a),
        "upload": samples.upload("agreement-signed.pdf"), "note": "Signed",
    },
    actions.update_document: lambda w, p: {
        "actor": w.a.actor(perms.ACCOUNTANT), "document": make_document(w.a), "title": "Renamed",
    },
    actions.delete_document: lambda w, p: {
        "actor": w.a.actor(perms.ACCOUNTANT), "document": make_document(w.a, versions=2),
    },
    actions.delete_document_version: _second_version,
}
