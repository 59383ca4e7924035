"""/readyz (P-F5): ready only when the database takes writes, the key store opens, the cache
answers and the migrations are applied; what fails is named only to this machine and to
operators."""

from __future__ import annotations

import pytest
from django.test import Client

from strongroom.platform import readiness
from tests.auth import sign_in
from tests.conftest import World


@pytest.mark.django_db(databases=["default", "keys"])
def test_a_working_instance_is_ready() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    ("component", "problem"),
    [
        ("draining", "this instance is shutting down"),
        ("database", "the database is read-only"),
        ("key_store", "the key store does not open"),
        ("cache", "the cache does not answer"),
        ("migrations", "database 'default' has 1 migration(s) to apply"),
    ],
)
def test_each_failing_component_makes_it_unready_and_is_named_locally_only(
    world: World, monkeypatch: pytest.MonkeyPatch, component: str, problem: str
) -> None:
    monkeypatch.setitem(readiness.CHECKS, component, lambda: problem)
    local = Client().get("/readyz")  # the test client comes from 127.0.0.1
    assert local.status_code == 503
    assert local.json() == {"status": "not ready", "failing": {component: problem}}
    remote = Client(REMOTE_ADDR="203.0.113.9").get("/readyz")
    assert remote.status_code == 503
    assert remote.json() == {"status": "not ready"}  # nothing named to the outside
    member = sign_in(Client(REMOTE_ADDR="203.0.113.9"), world.a.user("owner")).get("/readyz")
    assert member.json() == {"status": "not ready"}
    operator = sign_in(Client(REMOTE_ADDR="203.0.113.9"), world.operator).get("/readyz")
    assert operator.json()["failing"] == {component: problem}


@pytest.mark.django_db(databases=["default", "keys"])
def test_the_real_checks_see_a_broken_cache_and_a_read_only_database(
    settings: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    assert readiness.cache_reachable() == "the cache does not keep values"
    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": "redis://127.0.0.1:1/0"}  # nothing listens on port 1
    }
    assert readiness.cache_reachable() == "the cache does not answer"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET default_transaction_read_only = on")
        else:
            cursor.execute("PRAGMA query_only = 1")
    try:
        assert "read-only" in readiness.database_writable()
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET default_transaction_read_only = off")
            else:
                cursor.execute("PRAGMA query_only = 0")
    assert readiness.database_writable() == ""
    assert readiness.migrations_applied() == ""
    assert readiness.key_store_opens() == ""


def test_an_instance_drains_while_its_marker_file_exists(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "serve-8000.draining"  # type: ignore[operator]
    monkeypatch.setenv(readiness.DRAIN_FILE_VARIABLE, str(marker))
    assert readiness.not_draining() == ""
    marker.touch()
    assert readiness.not_draining() == "this instance is shutting down"
    monkeypatch.delenv(readiness.DRAIN_FILE_VARIABLE)
    assert readiness.not_draining() == ""  # not started by serve: never draining


@pytest.mark.django_db(databases=["default", "keys"])
def test_a_new_gunicorn_worker_reads_the_migration_state_before_its_first_probe() -> None:
    from strongroom.project import gunicorn_config

    readiness._migrated.clear()
    gunicorn_config.post_worker_init(worker=None)
    assert readiness._migrated == {"default", "keys"}
