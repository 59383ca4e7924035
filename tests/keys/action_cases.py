"""Calls of the key store's actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.platform.keys import erasure
from strongroom.platform.tenancy.actor import Actor
from tests.conftest import World

CASES: dict[Callable[..., Any], Callable[[World, Actor], dict[str, Any]]] = {
    erasure.destroy_subject_keys: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "company_id": w.a.company.pk,
        "subject": f"contact:{uuid.uuid4()}", "permission": "contact.manage",
    },
}
