"""Rotation while the application serves (P-C3): writers and readers keep working while the
root key and both companies' keys rotate, and everything is readable afterwards.

The key cache is off, so every read and write goes to the key store and meets the rotation
half-way: rows read before a rewrap and unwrapped after the old version retired included.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest
from django.db import connections

from strongroom.platform.access.actor import cli_actor
from strongroom.platform.keys import cache, rotation_runs
from strongroom.platform.keys.models import CompanyKey
from strongroom.platform.tenancy.models import Company
from tests.factories import CompanyFactory
from tests.keys.rotation_helpers import use_file_keyring
from tests.keys.testapp.models import Person

THREADS = 4


@pytest.mark.django_db(transaction=True)
def test_rotation_under_a_running_workload(settings: Any) -> None:
    settings.STRONGROOM_KEY_CACHE_SECONDS = 0
    use_file_keyring()
    companies: list[Company] = [CompanyFactory(slug="busy"), CompanyFactory(slug="lively")]
    written: dict[str, str] = {}
    for n in range(12):
        person = Person.objects.create(
            company=companies[n % 2], name=f"Seed {n}", account=f"ACC{n}"
        )
        written[str(person.pk)] = f"Seed {n}"
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[BaseException] = []
    counter = itertools.count()
    operations = {"writes": 0, "reads": 0}

    def work(index: int) -> None:
        try:
            while not stop.is_set():
                n = next(counter)
                person = Person.objects.create(
                    company=companies[n % 2], name=f"Worker {index} {n}", account=f"W{n}"
                )
                with lock:
                    written[str(person.pk)] = f"Worker {index} {n}"
                    sample = list(written.items())[n % len(written)]
                found = Person.objects.get(pk=sample[0])
                assert found.name == sample[1], (found.name, sample[1])
                assert found.account
                with lock:
                    operations["writes"] += 1
                    operations["reads"] += 1
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    try:
        actor = cli_actor(command="test")
        rotation_runs.rotate_root(actor, batch=1)
        for company in companies:
            rotation_runs.rotate_company(actor, company.pk, data_keys=True, batch=3)
        rotation_runs.rotate_root(actor, batch=1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    assert operations["reads"] >= THREADS
    cache.clear()
    names = dict(Person.objects.values_list("pk", "name"))  # tokens, not plain text
    assert len(names) == len(written)
    for pk, name in written.items():
        assert Person.objects.get(pk=pk).name == name
    for company in companies:
        states = dict(
            CompanyKey.objects.filter(company_id=company.pk).values_list("version", "state")
        )
        assert states == {1: "retired", 2: "active"}
    live = CompanyKey.objects.filter(state=CompanyKey.State.ACTIVE)
    assert set(live.values_list("root_version", flat=True)) == {3}
