"""Declaring periodic jobs and aligning their slots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from strongroom.platform.jobs import registry
from strongroom.platform.jobs.registry import periodic


def _noop(actor: Any) -> None:
    """Does nothing."""


@pytest.mark.parametrize(
    ("every", "now", "slot"),
    [
        (timedelta(hours=1), datetime(2026, 11, 23, 10, 59, 59, tzinfo=UTC),
         datetime(2026, 11, 23, 10, 0, tzinfo=UTC)),
        (timedelta(hours=1), datetime(2026, 11, 23, 11, 0, 0, tzinfo=UTC),
         datetime(2026, 11, 23, 11, 0, tzinfo=UTC)),
        (timedelta(minutes=15), datetime(2026, 11, 23, 10, 44, 3, 999, tzinfo=UTC),
         datetime(2026, 11, 23, 10, 30, tzinfo=UTC)),
        (timedelta(days=1), datetime(2026, 11, 23, 23, 59, tzinfo=UTC),
         datetime(2026, 11, 23, 0, 0, tzinfo=UTC)),
    ],
)
def test_slots_are_aligned_to_the_epoch(every: timedelta, now: datetime, slot: datetime) -> None:
    job = registry.PeriodicJob("test.job", every, _noop, "")
    assert job.slot(now) == slot


def test_every_instance_computes_the_same_slot_in_any_time_zone() -> None:
    from zoneinfo import ZoneInfo

    job = registry.PeriodicJob("test.job", timedelta(hours=1), _noop, "")
    utc = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
    oslo = utc.astimezone(ZoneInfo("Europe/Oslo"))
    assert job.slot(utc) == job.slot(oslo)


@pytest.mark.parametrize("name", ["NoDot", "upper.Case", "trailing.", ".leading", "sp ace.x"])
def test_bad_names_are_refused(only_test_jobs: dict[str, Any], name: str) -> None:
    with pytest.raises(ValueError, match="job name"):
        periodic(name=name, every=timedelta(hours=1))
    assert only_test_jobs == {}


@pytest.mark.parametrize("every", [timedelta(0), timedelta(milliseconds=1500)])
def test_bad_intervals_are_refused(only_test_jobs: dict[str, Any], every: timedelta) -> None:
    with pytest.raises(ValueError, match="interval"):
        periodic(name="test.job", every=every)


def test_a_name_cannot_be_taken_twice(only_test_jobs: dict[str, Any]) -> None:
    periodic(name="test.job", every=timedelta(hours=1))(_noop)

    def other(actor: Any) -> None:
        """Another."""

    with pytest.raises(ValueError, match="twice"):
        periodic(name="test.job", every=timedelta(hours=1))(other)
    assert registry.get("test.job").function is _noop
    assert registry.get("test.job").description == "Does nothing."


def test_builtin_jobs_are_registered() -> None:
    names = {job.name: job.every for job in registry.all_jobs()}
    assert names["sessions.clear_expired"] == timedelta(hours=1)
    assert names["jobs.prune_runs"] == timedelta(days=1)
