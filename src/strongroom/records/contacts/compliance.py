"""Live check of deletion (P-D4) for the compliance report: contacts are deleted through
registered, audited actions."""

from __future__ import annotations

from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import Outcome, check, failed, passed
from strongroom.platform.history.action import registered_actions
from strongroom.records.contacts.actions import organisations, people

DELETES = (people.delete_contact_person, organisations.delete_organisation)


@check("P-D4", "Deletion")
def deletion(actor: Actor) -> Outcome:
    registered = registered_actions()
    names = [f"{fn.__module__}.{fn.__name__}" for fn in DELETES]
    evidence = {"delete_actions": [name for name in names if name in registered]}
    if len(evidence["delete_actions"]) < len(names):
        return failed("a delete of contacts is not a registered action", **evidence)
    return passed("contacts, organisations, documents and files are deleted through audited "
                  "actions, on the web and through the API", **evidence)
