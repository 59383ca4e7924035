"""The status page holds no company data: probing and publishing never query the records
database or the key store, so nothing of theirs can reach the page."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.db import connections
from django.test.utils import CaptureQueriesContext

from strongroom.platform.status import incidents, runner
from strongroom.platform.status.config import StatusConfig
from tests.conftest import World
from tests.status.servers import Target


def test_probing_reads_nothing_of_the_records_and_shows_nothing_of_them(
    world: World, public: Target, instance: Target, make_config: Callable[..., StatusConfig]
) -> None:
    config = make_config(public_url=public.url, instances=[instance.url])
    instance.not_ready({"cache": "the cache does not answer"})
    with (
        CaptureQueriesContext(connections["default"]) as records,
        CaptureQueriesContext(connections["keys"]) as keys,
    ):
        runner.probe_once(config)
        incidents.open_incident(title="Maintenance", message="Tonight.", config=config)
    assert records.captured_queries == []
    assert keys.captured_queries == []

    published = "".join(
        (config.public_dir / name).read_text() for name in ("index.html", "status.json")
    )
    assert json.loads((config.public_dir / "status.json").read_text())["overall"]
    for company in (world.a, world.b):
        names = [company.company.name, company.company.slug]
        for membership in company.members.values():
            names += [membership.user.email, membership.user.full_name]
        for name in names:
            assert name not in published
    assert world.operator.email not in published
