"""A wrong or missing root key stops start-up with a clear message; nothing is served."""

from __future__ import annotations

import base64
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from strongroom.platform.keys import root
from strongroom.platform.keys.errors import KeyStoreUnavailable
from strongroom.platform.keys.keyring import KeyringSource
from strongroom.platform.keys.models import RootKeyCheck
from strongroom.platform.keys.startup import check_key_store
from tests.conftest import World
from tests.keys.conftest import make_person
from tests.keys.testapp.models import Person
from tests.project.test_cli import run_cli


def _new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


@pytest.fixture
def use_keyring(settings: Any) -> Iterator[Any]:
    """Switch this process to another keyring text."""

    def switch(text: str) -> None:
        settings.STRONGROOM_ROOT_KEYRING = KeyringSource("environment", text=text)
        root.provider.cache_clear()

    original = settings.STRONGROOM_ROOT_KEYRING
    yield switch
    settings.STRONGROOM_ROOT_KEYRING = original
    root.provider.cache_clear()


def test_the_check_passes_and_remembers_each_root_version(db: None) -> None:
    check_key_store()
    check_key_store()
    assert list(RootKeyCheck.objects.values_list("version", flat=True)) == [1]


def test_a_wrong_root_key_is_refused(db: None, use_keyring: Any) -> None:
    check_key_store()
    use_keyring(f"1:{_new_key()}")
    with pytest.raises(KeyStoreUnavailable, match="root key version 1 from STRONGROOM_ROOT_KEY "
                                                   "is not the one"):
        check_key_store()


def test_a_missing_version_still_in_use_is_refused(world: World, use_keyring: Any) -> None:
    first, second = _new_key(), _new_key()
    use_keyring(f"1:{first}\n2:{second}")
    make_person(world)  # its company key is wrapped under version 2, the newest
    use_keyring(f"1:{first}")
    with pytest.raises(KeyStoreUnavailable, match=r"root key version\(s\) \[2\]"):
        check_key_store()


def test_a_wrong_root_key_never_yields_garbage(world: World, use_keyring: Any) -> None:
    from strongroom.platform.keys import cache
    from strongroom.platform.keys.errors import DecryptionFailed

    person = make_person(world)
    use_keyring(f"1:{_new_key()}")
    cache.clear()
    with pytest.raises(DecryptionFailed, match="wrong root key"):
        _ = Person.objects.get(pk=person.pk).name


def _with_wrong_key(tmp_path: Path) -> dict[str, str]:
    assert run_cli(tmp_path, "migrate", "-v0").returncode == 0
    first = run_cli(tmp_path, "worker", "--once")  # records the generated key's check value
    assert first.returncode == 0, first.stderr
    return {"STRONGROOM_ROOT_KEY": f"1:{_new_key()}"}


def test_serve_and_worker_refuse_a_wrong_root_key(tmp_path: Path) -> None:
    wrong = _with_wrong_key(tmp_path)
    for command in (["serve", "--port", "8799", "--no-worker"], ["worker", "--once"]):
        result = run_cli(tmp_path, *command, **wrong)
        assert result.returncode != 0
        assert "cannot start" in result.stderr
        assert "STRONGROOM_ROOT_KEY is not the one this key store was created with" in (
            result.stderr
        )
        assert "serving on" not in result.stdout
        assert wrong["STRONGROOM_ROOT_KEY"][2:] not in result.stderr


def test_the_wsgi_application_refuses_a_wrong_root_key(tmp_path: Path) -> None:
    wrong = _with_wrong_key(tmp_path)
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("STRONGROOM_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(STRONGROOM_DATA_DIR=str(tmp_path / "data"),
               STRONGROOM_DATABASE_URL="sqlite:///cli.sqlite3", **wrong)
    result = subprocess.run(
        [sys.executable, "-c", "import strongroom.project.wsgi"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 3  # gunicorn's "worker failed to boot": the server stops
    assert "strongroom: cannot start: root key version 1" in result.stderr


def test_production_names_the_missing_root_key(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path, "check", STRONGROOM_ENV="production",
        STRONGROOM_SECRET_KEY=secrets.token_urlsafe(64),
        STRONGROOM_API_KEY_PEPPER=secrets.token_urlsafe(64),
        STRONGROOM_AUDIT_SIGNING_KEY=secrets.token_urlsafe(64),
        STRONGROOM_ALLOWED_HOSTS="records.example.com", STRONGROOM_EMAIL_HOST="smtp.example.com",
    )
    assert result.returncode == 2
    assert "STRONGROOM_ROOT_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr
