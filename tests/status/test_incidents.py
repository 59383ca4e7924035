"""Incidents: automatic ones open at a failed probe, widen, and close when every component is
up again (also end to end against real targets); operator incidents through the functions
other code calls, shown on the page and in status.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from strongroom.platform.status import history, incidents, runner
from strongroom.platform.status.config import StatusConfig
from strongroom.platform.status.probe import DATABASE, Observation
from tests.status.helpers import parse
from tests.status.servers import Target

Config = Callable[..., StatusConfig]
T0 = 1_800_000_000


def run(path: Path, at: int, **components: bool) -> None:
    observations = [Observation(n.replace("_", " "), up, 5, "") for n, up in components.items()]
    with history.opened(path) as connection:
        history.record_probes(connection, at=at, observations=observations)
        incidents.track_automatic(connection, at=at, observations=observations)


def automatic(path: Path) -> list[history.Incident]:
    with history.opened(path) as connection:
        return history.incidents(connection, automatic=True)


def test_a_failure_opens_an_incident_that_widens_and_closes_on_recovery(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    run(path, T0, Web=True, Database=True, Cache=True)
    assert automatic(path) == []
    run(path, T0 + 60, Web=True, Database=False, Cache=True)
    run(path, T0 + 120, Web=True, Database=False, Cache=False)
    run(path, T0 + 180, Web=True, Database=False, Cache=True)  # still one incident
    [incident] = automatic(path)
    assert incident.started_at == T0 + 60
    assert incident.ended_at is None
    assert incident.components == ("Database", "Cache")
    assert incident.title == "Database, Cache unavailable"
    run(path, T0 + 240, Web=True, Database=True, Cache=True)
    [incident] = automatic(path)
    assert incident.ended_at == T0 + 240
    assert incident.state == "resolved"
    assert [u.state for u in incident.updates] == ["investigating", "investigating", "resolved"]
    run(path, T0 + 300, Web=False, Database=True, Cache=True)
    newest, older = automatic(path)
    assert (newest.started_at, newest.ended_at, newest.components) == (T0 + 300, None, ("Web",))
    assert older.id == incident.id


def test_a_run_that_observed_nothing_closes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    run(path, T0, Database=False)
    run(path, T0 + 60)
    assert automatic(path)[0].ended_at is None


def test_incidents_follow_a_real_target_going_down_and_back(
    instance: Target, make_config: Config
) -> None:
    config = make_config(instances=[instance.url])
    runner.probe_once(config, now=T0)
    instance.not_ready({"database": "the database does not answer"})
    runner.probe_once(config, now=T0 + 60)
    status = json.loads((config.public_dir / "status.json").read_text())
    [ongoing] = status["incidents"]["open"]
    assert ongoing["kind"] == "automatic"
    assert ongoing["components"] == ["Application", "Database"]
    assert ongoing["ended_at"] is None
    assert "the database does not answer" not in json.dumps(status)  # details stay private
    instance.ready()
    runner.probe_once(config, now=T0 + 120)
    status = json.loads((config.public_dir / "status.json").read_text())
    assert status["incidents"]["open"] == []
    [resolved] = status["incidents"]["recent"]
    assert resolved["id"] == ongoing["id"]
    assert (resolved["started_at"], resolved["ended_at"]) == (
        "2027-01-15T08:01:00Z", "2027-01-15T08:02:00Z",
    )


def test_operator_incidents_appear_on_the_page(make_config: Config) -> None:
    config = make_config()
    ident = incidents.open_incident(
        title="Slow uploads", message="We are looking into slow uploads.",
        components=["Web"], config=config, at=T0,
    )
    page = parse((config.public_dir / "index.html").read_text())
    assert "Slow uploads" in page.text
    assert "We are looking into slow uploads." in page.text
    incidents.update_incident(
        incident_id=ident, message="Found: a full disk.", state="identified", config=config,
        at=T0 + 60,
    )
    status = json.loads((config.public_dir / "status.json").read_text())
    [shown] = status["incidents"]["open"]
    assert (shown["kind"], shown["state"]) == ("operator", "identified")
    assert shown["components"] == ["Web"]
    assert [u["message"] for u in shown["updates"]] == [
        "Found: a full disk.", "We are looking into slow uploads.",
    ]
    incidents.resolve_incident(
        incident_id=ident, message="Space freed; uploads are fast again.", config=config,
        at=T0 + 120,
    )
    status = json.loads((config.public_dir / "status.json").read_text())
    assert status["incidents"]["open"] == []
    assert status["incidents"]["recent"][0]["state"] == "resolved"
    assert "Space freed" in parse((config.public_dir / "index.html").read_text()).text
    with pytest.raises(incidents.IncidentError, match="resolved already"):
        incidents.resolve_incident(incident_id=ident, message="again", config=config)


def test_operator_text_is_escaped(make_config: Config) -> None:
    config = make_config()
    incidents.open_incident(
        title="<script>alert(1)</script>", message='<img src="x" onerror="alert(1)">',
        config=config,
    )
    html = (config.public_dir / "index.html").read_text()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = parse(html)
    assert [tag for tag, _ in page.starts if tag == "img"] == []
    assert len([tag for tag, _ in page.starts if tag == "script"]) == 1  # the page's own


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"title": " ", "message": "m"}, "title is empty"),
        ({"title": "t", "message": ""}, "message is empty"),
        ({"title": "t" * 201, "message": "m"}, "longer than 200"),
        ({"title": "t", "message": "m", "components": ["Mainframe"]}, "unknown component"),
        ({"title": "t", "message": "m", "state": "resolved"}, "opens as one of"),
    ],
)
def test_operator_incidents_are_checked(
    make_config: Config, values: dict, problem: str
) -> None:
    with pytest.raises(incidents.IncidentError, match=problem):
        incidents.open_incident(config=make_config(), **values)


def test_automatic_incidents_are_not_the_operators_to_resolve(make_config: Config) -> None:
    config = make_config()
    run(config.history_file, T0, Database=False)
    [incident] = automatic(config.history_file)
    with pytest.raises(incidents.IncidentError, match="automatic"):
        incidents.resolve_incident(incident_id=incident.id, message="x", config=config)
    with pytest.raises(incidents.IncidentError, match="no incident 999"):
        incidents.update_incident(incident_id=999, message="x", config=config)
    assert incident.components == (DATABASE,)
