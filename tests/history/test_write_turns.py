"""Writers to the embedded SQLite database take turns on a file lock before their transaction
begins; on PostgreSQL, and inside a transaction, there is nothing to wait for."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from strongroom.platform.history.write_turns import lock_path, writer_turn


def _in_thread(work: object) -> threading.Thread:
    def run() -> None:
        try:
            work()  # type: ignore[operator]
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.sqlite_only
@pytest.mark.django_db
def test_a_second_writer_waits_for_the_first_to_finish() -> None:
    assert lock_path() == f"{connection.settings_dict['NAME']}.writers"
    times: dict[str, float] = {}
    first_in = threading.Event()

    def first() -> None:
        with writer_turn():
            times["first in"] = time.monotonic()
            first_in.set()
            time.sleep(0.3)
            times["first out"] = time.monotonic()

    def second() -> None:
        first_in.wait(10)
        with writer_turn():
            times["second in"] = time.monotonic()

    threads = [_in_thread(first), _in_thread(second)]
    for thread in threads:
        thread.join(20)
    assert times["second in"] >= times["first out"]
    assert times["second in"] - times["first out"] < 0.1  # it got in as soon as it was free


@pytest.mark.postgresql_only
@pytest.mark.django_db
def test_postgresql_writers_do_not_take_turns_on_a_file() -> None:
    assert lock_path() is None


@pytest.mark.django_db
def test_inside_a_transaction_there_is_no_turn_to_wait_for() -> None:
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with writer_turn():
            held.set()
            release.wait(10)

    thread = _in_thread(holder)
    try:
        assert held.wait(10)
        assert connection.in_atomic_block  # the test's own transaction
        started = time.monotonic()
        with writer_turn():
            assert time.monotonic() - started < 0.1
    finally:
        release.set()
        thread.join(20)
