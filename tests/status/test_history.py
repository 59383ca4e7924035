"""The history and the numbers built from it: daily bars and uptime over 90 days, from rows
with chosen times; days without data; rounding; current and overall state; pruning."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from strongroom.platform.status import document, history
from strongroom.platform.status.probe import APPLICATION, CACHE, DATABASE, WEB, Observation

DAY = history.DAY
NOW = int(datetime(2026, 6, 15, 12, 0, tzinfo=UTC).timestamp())
TODAY_START = int(datetime(2026, 6, 15, tzinfo=UTC).timestamp())


def seen(**components: bool) -> list[Observation]:
    return [Observation(name.replace("_", " "), up, 12, "") for name, up in components.items()]


def record(path: Path, at: int, **components: bool) -> None:
    with history.opened(path) as connection:
        history.record_probes(connection, at=at, observations=seen(**components))


def build(path: Path, now: int = NOW) -> dict:
    with history.opened(path) as connection:
        return document.build(connection, now=now, interval=60, stale_after=300)


def bars(doc: dict, name: str) -> dict[str, tuple[int, float | None]]:
    item = next(c for c in doc["components"] if c["name"] == name)
    return {day["date"]: (day["probes"], day["uptime"]) for day in item["days"]}


def test_each_day_has_its_own_uptime_and_days_without_data_say_so(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    yesterday = TODAY_START - DAY
    for minute, up in enumerate([True, True, True, False]):
        record(path, yesterday + 60 * minute, Web=up)
    record(path, yesterday + DAY - 1, Web=True)  # 23:59:59 still counts for yesterday
    record(path, TODAY_START, Web=True)  # midnight UTC starts today
    record(path, TODAY_START + 3600, Web=True)
    oldest = TODAY_START - 89 * DAY
    record(path, oldest + 10, Web=False)
    record(path, oldest - 10, Web=False)  # the day before the 90 shown: not counted

    doc = build(path)
    days = bars(doc, WEB)
    assert len(days) == 90
    assert next(iter(days)) == "2026-03-18"
    assert list(days)[-1] == "2026-06-15"
    assert days["2026-06-14"] == (5, 80.0)
    assert days["2026-06-15"] == (2, 100.0)
    assert days["2026-03-18"] == (1, 0.0)
    assert days["2026-05-01"] == (0, None)  # no data is not 100 %
    assert sum(1 for probes, uptime in days.values() if uptime is None) == 87
    web = next(c for c in doc["components"] if c["name"] == WEB)
    assert web["uptime_90d"] == 75.0  # 6 of 8 probes in the window were up


def test_percentages_round_down(tmp_path: Path) -> None:
    assert document.percent(10000, 9999) == 99.99
    assert document.percent(3000, 2999) == 99.96
    assert document.percent(100000, 99999) == 99.99  # never shown as 100 with a failure
    assert document.percent(3, 3) == 100.0
    assert document.percent(0, 0) is None


def test_current_state_comes_from_the_last_run(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    record(path, NOW - 120, Web=False, Application=False, Database=False)
    record(path, NOW - 60, Web=True, Application=True, Database=True)
    doc = build(path)
    assert [c["name"] for c in doc["components"]] == [WEB, APPLICATION, DATABASE]
    assert {c["name"]: c["state"] for c in doc["components"]} == {
        WEB: "up", APPLICATION: "up", DATABASE: "up",
    }
    assert doc["overall"] == "operational"
    assert doc["last_probe_at"] == "2026-06-15T11:59:00Z"
    assert doc["components"][0]["latency_ms"] == 12


@pytest.mark.parametrize(
    ("last", "overall"),
    [
        ({"Web": True, "Application": True, "Cache": False}, "partial_outage"),
        ({"Web": True, "Application": False, "Cache": False}, "major_outage"),
        ({"Web": False, "Application": False}, "major_outage"),
        ({"Web": True, "Application": True}, "operational"),
    ],
)
def test_overall_state(tmp_path: Path, last: dict[str, bool], overall: str) -> None:
    path = tmp_path / "history.sqlite3"
    record(path, NOW, **last)
    assert build(path)["overall"] == overall


def test_no_probe_yet_is_unknown_and_stale(tmp_path: Path) -> None:
    doc = build(tmp_path / "history.sqlite3")
    assert doc["overall"] == "unknown"
    assert doc["components"] == []
    assert doc["stale"] is True
    assert doc["last_probe_at"] is None


def test_a_component_missing_from_the_last_run_is_not_checked(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    record(path, NOW - 120, Web=True, Cache=True)
    record(path, NOW - 60, Web=True)
    states = {c["name"]: c["state"] for c in build(path)["components"]}
    assert states == {WEB: "up", CACHE: "unknown"}


def test_old_rows_are_pruned_after_the_margin(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    keep = history.KEEP_DAYS * DAY
    record(path, NOW - keep - 1, Web=False)
    record(path, NOW - keep + 1, Web=False)
    record(path, NOW, Web=True)
    with history.opened(path) as connection:
        old = history.insert_incident(
            connection, automatic=False, title="old", components=[], at=NOW - keep - 50
        )
        history.add_update(
            connection, incident_id=old, at=NOW - keep - 10, state="resolved", message="done"
        )
        ongoing = history.insert_incident(
            connection, automatic=False, title="still open", components=[], at=NOW - keep - 50
        )
        assert history.prune(connection, now=NOW) == 1
        left = connection.execute("SELECT at FROM probes ORDER BY at").fetchall()
        assert left == [(NOW - keep + 1,), (NOW,)]
        assert [i.id for i in history.incidents(connection)] == [ongoing]
        assert connection.execute("SELECT count(*) FROM incident_updates").fetchone() == (0,)
    assert history.KEEP_DAYS > history.SHOWN_DAYS


def test_the_history_lives_beside_the_public_directory(tmp_path: Path) -> None:
    from strongroom.platform.status.config import StatusConfig

    config = StatusConfig(public_dir=tmp_path / "status" / "public")
    assert config.history_file == tmp_path / "status" / "history.sqlite3"
    assert config.public_dir not in config.history_file.parents


def test_the_daily_counts_agree_with_the_probe_rows(tmp_path: Path) -> None:
    """The page reads counts kept per day as rows are written; they are the rows' sums."""
    path = tmp_path / "history.sqlite3"
    start = NOW - 95 * DAY
    for step in range(0, 95 * DAY, 7 * 3607):  # irregular times across day boundaries
        record(path, start + step, Web=step % 5 != 0, Cache=step % 3 != 0)
    with history.opened(path) as connection:
        history.prune(connection, now=NOW)
        kept = history.daily_counts(connection, since=0)
        summed: dict[str, dict[str, tuple[int, int]]] = {}
        for component, day, probes, ups in connection.execute(
            "SELECT component, date(at, 'unixepoch'), count(*), sum(up) FROM probes "
            "GROUP BY component, date(at, 'unixepoch')"
        ):
            summed.setdefault(component, {})[day] = (probes, ups)
        history.prune(connection, now=NOW + 30 * DAY)
        later = history.daily_counts(connection, since=0)
    assert kept == summed
    assert len(kept[WEB]) > 60
    assert min(later[WEB]) > min(kept[WEB])  # pruning drops the old days' counts too
