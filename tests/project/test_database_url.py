"""libpq multi-host database URLs: the app follows the primary of a replicated pair."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql.base import DatabaseWrapper

from strongroom.project import env

DATA = Path("/srv/strongroom/data")
PAIR = (
    "postgres://app:s%40cret@127.0.0.1:5432,127.0.0.1:5433/strongroom"
    "?target_session_attrs=read-write&connect_timeout=3"
)


def test_multi_host_url_becomes_libpq_host_and_port_lists() -> None:
    config = env.parse_database_url(PAIR, data_dir=DATA)
    assert (config["HOST"], config["PORT"]) == ("127.0.0.1,127.0.0.1", "5432,5433")
    assert (config["USER"], config["PASSWORD"], config["NAME"]) == ("app", "s@cret", "strongroom")
    assert config["OPTIONS"] == {"target_session_attrs": "read-write", "connect_timeout": "3"}
    # A connection broken by a failover is noticed before reuse and replaced.
    assert config["CONN_HEALTH_CHECKS"] is True


def test_djangos_backend_hands_the_lists_to_libpq() -> None:
    config = env.parse_database_url(PAIR, data_dir=DATA)
    settings = {**config, "TIME_ZONE": None, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False,
                "CONN_MAX_AGE": 0, "TEST": {}}
    params = DatabaseWrapper(settings).get_connection_params()
    assert (params["host"], params["port"]) == ("127.0.0.1,127.0.0.1", "5432,5433")
    assert params["target_session_attrs"] == "read-write"
    assert params["connect_timeout"] == "3"


def test_bracketed_ipv6_hosts() -> None:
    config = env.parse_database_url("postgres://u@[::1]:5432,[fd00::2]:5433/x", data_dir=DATA)
    assert (config["HOST"], config["PORT"]) == ("::1,fd00::2", "5432,5433")


def test_the_key_store_follows_the_same_servers(tmp_path: Path) -> None:
    from tests.test_settings import run

    code = ("import django; django.setup(); from django.conf import settings as s; "
            "k = s.DATABASES['keys']; print(k['NAME'], k['HOST'], k['PORT'], "
            "k['OPTIONS']['target_session_attrs'])")
    result = run(tmp_path, "-c", code, STRONGROOM_DATABASE_URL=PAIR)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "strongroom_keys", "127.0.0.1,127.0.0.1", "5432,5433", "read-write",
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgres://u:hunter2@a:1,b/x", "give each its port"),
        ("postgres://u:hunter2@a:1,:2/x", "invalid port or host"),
        ("postgres://u:hunter2@a:1,b:70000/x", "invalid port or host"),
        ("postgres://u:hunter2@a:1,b:2/x?target_session_attrs=readwrite", "must be one of"),
        ("postgres://u:hunter2@a/x?connect_timeout=soon", "whole seconds"),
        ("postgres://u:hunter2@a/x?connect_timeout=0", "whole seconds"),
    ],
)
def test_bad_multi_host_urls_name_the_problem_without_the_password(
    url: str, message: str
) -> None:
    with pytest.raises(ImproperlyConfigured) as caught:
        env.parse_database_url(url, data_dir=DATA)
    assert message in str(caught.value)
    assert "hunter2" not in str(caught.value)
