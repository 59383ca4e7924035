"""The checks of promises not built yet (P-D5, P-G5): no code keeps them, so
they sit with the registry and say so; none of them may pass."""

from __future__ import annotations

from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import Outcome, check, not_built


@check("P-D5", "Retention policies")
def retention_policies(actor: Actor) -> Outcome:
    return not_built("retention policies per company and record type, and their sweep")


@check("P-G5", "Sub-processors")
def sub_processors(actor: Actor) -> Outcome:
    return not_built("the public list of sub-processors with change notices")

