"""Settings from the environment: production refuses weak setups, development just works."""

from __future__ import annotations

import base64
import os
import secrets
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from strongroom.project import env
from strongroom.project.secrets import read_secret

GOOD_KEY = secrets.token_urlsafe(64)
ROOT_KEY = "1:" + base64.b64encode(secrets.token_bytes(32)).decode()
PRINT_KEY = (
    "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
)


def run(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run Python in a fresh process with the project's real settings module."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("STRONGROOM_", "DJANGO_"))
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="strongroom.project.settings",
        STRONGROOM_DATA_DIR=str(tmp_path / "data"),
        **extra,
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], env=environ, capture_output=True, text=True, timeout=120,
        check=False, cwd=tmp_path,
    )


def production(**extra: str) -> dict[str, str]:
    return {
        "STRONGROOM_ENV": "production",
        "STRONGROOM_SECRET_KEY": GOOD_KEY,
        "STRONGROOM_API_KEY_PEPPER": GOOD_KEY[::-1],
        "STRONGROOM_AUDIT_SIGNING_KEY": GOOD_KEY[10:] + GOOD_KEY[:10],
        "STRONGROOM_ALLOWED_HOSTS": "example.com",
        "STRONGROOM_EMAIL_HOST": "127.0.0.1",
        "STRONGROOM_ROOT_KEY": ROOT_KEY,
        "STRONGROOM_BACKUP_LOCATIONS": "local=/var/backups/strongroom,offsite=/mnt/offsite",
        "STRONGROOM_BACKUP_PASSPHRASE": GOOD_KEY[5:] + GOOD_KEY[:5],
        "STRONGROOM_SECURITY_CONTACT": "mailto:security@example.com",
        "STRONGROOM_SECURITY_TXT_EXPIRES": (
            datetime.now(UTC).date() + timedelta(days=180)
        ).isoformat(),
        **extra,
    }


# -- production refuses to start without proper configuration ---------------------------------


def test_production_without_secret_key_names_the_variable(tmp_path: Path) -> None:
    env_vars = production()
    del env_vars["STRONGROOM_SECRET_KEY"]
    result = run(tmp_path, "-c", PRINT_KEY, **env_vars)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "STRONGROOM_SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "data" / "secrets").exists()  # nothing generated in production


def test_production_requires_the_audit_signing_key(tmp_path: Path) -> None:
    env_vars = production()
    del env_vars["STRONGROOM_AUDIT_SIGNING_KEY"]
    result = run(tmp_path, "-c", PRINT_KEY, **env_vars)
    assert result.returncode != 0
    assert "STRONGROOM_AUDIT_SIGNING_KEY is not set" in result.stderr


def test_malformed_earlier_audit_public_key_stops_start_up(tmp_path: Path) -> None:
    result = run(tmp_path, "-c", PRINT_KEY, **production(STRONGROOM_AUDIT_PUBLIC_KEYS="abc"))
    assert result.returncode != 0
    assert "STRONGROOM_AUDIT_PUBLIC_KEYS" in result.stderr
    assert "not an Ed25519 public key" in result.stderr


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("s3cr3t-but-only-30-chars-long!", "too short"),
        ("django-insecure-" + secrets.token_urlsafe(64), "default or example value"),
        ("CHANGEME" + secrets.token_urlsafe(64), "default or example value"),
        ("ab" * 40, "too little variety"),
    ],
    ids=["short", "django-insecure", "changeme", "low-variety"],
)
def test_production_refuses_weak_keys(tmp_path: Path, key: str, message: str) -> None:
    result = run(tmp_path, "-c", PRINT_KEY, **production(STRONGROOM_SECRET_KEY=key))
    assert result.returncode != 0
    assert "STRONGROOM_SECRET_KEY" in result.stderr
    assert message in result.stderr
    assert key not in result.stderr  # the value itself is never echoed


@pytest.mark.parametrize(
    ("missing", "variable"),
    [("STRONGROOM_ALLOWED_HOSTS", "STRONGROOM_ALLOWED_HOSTS"),
     ("STRONGROOM_EMAIL_HOST", "STRONGROOM_EMAIL_HOST")],
)
def test_production_requires_hosts_and_mail(tmp_path: Path, missing: str, variable: str) -> None:
    env_vars = production()
    del env_vars[missing]
    result = run(tmp_path, "-c", PRINT_KEY, **env_vars)
    assert result.returncode != 0
    assert variable in result.stderr


def test_production_passes_the_deploy_check(tmp_path: Path) -> None:
    result = run(
        tmp_path, "-m", "django", "check", "--deploy", "--fail-level", "WARNING", **production()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_backup_settings_fails_the_deploy_check(tmp_path: Path) -> None:
    env_vars = production()
    del env_vars["STRONGROOM_BACKUP_LOCATIONS"], env_vars["STRONGROOM_BACKUP_PASSPHRASE"]
    result = run(tmp_path, "-m", "django", "check", "--deploy", **env_vars)
    assert result.returncode != 0  # it starts (backups fail closed), but is not deployable
    assert "strongroom.backups.E002" in result.stderr
    assert "STRONGROOM_BACKUP_PASSPHRASE (or STRONGROOM_BACKUP_PASSPHRASE_FILE) is not set" in (
        result.stderr
    )


def test_development_fails_the_deploy_check(tmp_path: Path) -> None:
    """The deploy check is not vacuous: the development defaults do not pass it."""
    result = run(tmp_path, "-m", "django", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W" in result.stdout + result.stderr


def test_secret_key_file_is_read(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(GOOD_KEY + "\n")
    env_vars = production(STRONGROOM_SECRET_KEY_FILE=str(key_file))
    del env_vars["STRONGROOM_SECRET_KEY"]
    result = run(tmp_path, "-c", PRINT_KEY, **env_vars)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == GOOD_KEY
    env_vars["STRONGROOM_SECRET_KEY_FILE"] = str(tmp_path / "missing")
    result = run(tmp_path, "-c", PRINT_KEY, **env_vars)
    assert result.returncode != 0
    assert "STRONGROOM_SECRET_KEY_FILE points to a missing file" in result.stderr


def test_unknown_environment_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path, "-c", PRINT_KEY, STRONGROOM_ENV="staging")
    assert result.returncode != 0
    assert "STRONGROOM_ENV must be one of development, production" in result.stderr


# -- development generates its secret once -----------------------------------------------------


def test_development_generates_and_reuses_a_private_secret(tmp_path: Path) -> None:
    first = run(tmp_path, "-c", PRINT_KEY)
    assert first.returncode == 0, first.stderr
    secret_file = tmp_path / "data" / "secrets" / "secret_key"
    assert secret_file.is_file()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(secret_file.parent.stat().st_mode) == 0o700
    key = first.stdout.strip()
    assert key == secret_file.read_text().strip()
    assert len(key) >= 50
    second = run(tmp_path, "-c", PRINT_KEY)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == key


def test_read_secret_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STRONGROOM_API_PEPPER", raising=False)
    monkeypatch.delenv("STRONGROOM_API_PEPPER_FILE", raising=False)
    value = read_secret("API_PEPPER", data_dir=tmp_path, production=False)
    assert read_secret("API_PEPPER", data_dir=tmp_path, production=False) == value
    assert (tmp_path / "secrets" / "api_pepper").read_text().strip() == value
    with pytest.raises(ImproperlyConfigured, match="STRONGROOM_API_PEPPER is not set"):
        read_secret("API_PEPPER", data_dir=tmp_path, production=True)
    monkeypatch.setenv("STRONGROOM_API_PEPPER", "default-" + GOOD_KEY)
    with pytest.raises(ImproperlyConfigured, match="default or example"):
        read_secret("API_PEPPER", data_dir=tmp_path, production=False)


# -- database URLs -----------------------------------------------------------------------------


DATA = Path("/srv/strongroom/data")


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("sqlite://", DATA / "strongroom.sqlite3"),
        ("sqlite:///", DATA / "strongroom.sqlite3"),
        ("sqlite:///strongroom.sqlite3", DATA / "strongroom.sqlite3"),
        ("sqlite:///sub/other.db", DATA / "sub" / "other.db"),
        ("sqlite:////var/lib/strongroom/db.sqlite3", Path("/var/lib/strongroom/db.sqlite3")),
        ("SQLITE:////tmp/x%20y.db", Path("/tmp/x y.db")),  # noqa: S108
    ],
)
def test_sqlite_urls(url: str, name: Path) -> None:
    config = env.parse_database_url(url, data_dir=DATA)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(name)
    options = config["OPTIONS"]
    assert isinstance(options, dict)
    assert "PRAGMA foreign_keys=ON" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "pgsql"])
def test_postgres_url(scheme: str) -> None:
    config = env.parse_database_url(
        f"{scheme}://app%40prod:p%3Ass%40word@db.internal:5433/strong%20room?sslmode=require",
        data_dir=DATA,
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == (
        "strong room", "app@prod", "p:ss@word",
    )
    assert (config["HOST"], config["PORT"]) == ("db.internal", "5433")
    assert config["OPTIONS"] == {"sslmode": "require"}


def test_postgres_url_defaults() -> None:
    config = env.parse_database_url("postgres://localhost/strongroom", data_dir=DATA)
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "", "", "localhost", "",
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root:hunter2@db/strongroom", "must start with sqlite:// or postgres://"),
        ("postgres://root:hunter2@db/", "names no database"),
        ("root:hunter2@db/strongroom", "must start with sqlite:// or postgres://"),
        ("mysql://root:hun@ter2hunter2@db/x", "must start with sqlite:// or postgres://"),
        ("postgres://root:hunter2@db:port/strongroom", "invalid port"),
        ("postgres://root:hunter2@db:99999/strongroom", "invalid port"),
    ],
)
def test_bad_database_urls_are_redacted(url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured) as caught:
        env.parse_database_url(url, data_dir=DATA)
    text = str(caught.value)
    assert "STRONGROOM_DATABASE_URL" in text
    assert message in text
    assert "hunter2" not in text


# -- typed environment values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("TRUE", True), (" yes ", True), ("on", True), ("0", False), ("False", False),
     ("no", False), ("off", False), ("", None)],
)
def test_get_bool(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool | None) -> None:
    monkeypatch.setenv("STRONGROOM_FLAG", raw)
    assert env.get_bool("FLAG", True) is (True if expected is None else expected)
    assert env.get_bool("FLAG", False) is (False if expected is None else expected)


def test_get_bool_error_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRONGROOM_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"STRONGROOM_DEBUG must be a boolean.*'maybe'"):
        env.get_bool("DEBUG", False)


@pytest.mark.parametrize(
    ("raw", "minimum", "result"),
    [("42", None, 42), (" 7 ", 1, 7), ("", 1, 99), ("-5", None, -5), ("300", 300, 300)],
)
def test_get_int(
    monkeypatch: pytest.MonkeyPatch, raw: str, minimum: int | None, result: int
) -> None:
    monkeypatch.setenv("STRONGROOM_NUMBER", raw)
    assert env.get_int("NUMBER", 99, minimum=minimum) == result


@pytest.mark.parametrize(
    ("raw", "message"),
    [("ten", "STRONGROOM_EMAIL_PORT must be an integer, got 'ten'"),
     ("1.5", "STRONGROOM_EMAIL_PORT must be an integer"),
     ("0", "STRONGROOM_EMAIL_PORT must be at least 1, got 0")],
)
def test_get_int_errors_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str, message: str
) -> None:
    monkeypatch.setenv("STRONGROOM_EMAIL_PORT", raw)
    with pytest.raises(ImproperlyConfigured) as caught:
        env.get_int("EMAIL_PORT", 587, minimum=1)
    assert message in str(caught.value)


def test_get_list_and_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRONGROOM_HOSTS", " a.example , ,b.example,")
    assert env.get_list("HOSTS", ["x"]) == ["a.example", "b.example"]
    monkeypatch.setenv("STRONGROOM_HOSTS", "")
    assert env.get_list("HOSTS", ["x"]) == ["x"]
    monkeypatch.setenv("STRONGROOM_MODE", "PRODUCTION")
    assert env.get_choice("MODE", "development", ("development", "production")) == "production"
    monkeypatch.setenv("STRONGROOM_MODE", "prod")
    with pytest.raises(ImproperlyConfigured, match="STRONGROOM_MODE must be one of"):
        env.get_choice("MODE", "development", ("development", "production"))


def test_load_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "strongroom.env"
    path.write_text('# comment\n\nSTRONGROOM_T_A="quoted value"\nSTRONGROOM_T_B=kept\n')
    monkeypatch.delenv("STRONGROOM_T_A", raising=False)
    monkeypatch.setenv("STRONGROOM_T_B", "from environment")
    env.load_env_file(path)
    assert os.environ["STRONGROOM_T_A"] == "quoted value"
    assert os.environ["STRONGROOM_T_B"] == "from environment"  # existing values win
    monkeypatch.delenv("STRONGROOM_T_A")
    path.write_text("NO_EQUALS_SIGN\n")
    with pytest.raises(ImproperlyConfigured, match=":1: expected KEY=VALUE"):
        env.load_env_file(path)


COOKIES = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
    "s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_DOMAIN, s.SESSION_COOKIE_PATH); "
    "print(s.CSRF_COOKIE_NAME, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, "
    "s.CSRF_COOKIE_SAMESITE, s.CSRF_COOKIE_DOMAIN, s.CSRF_COOKIE_PATH); "
    "print(s.MFA_TRUST_COOKIE_NAME, s.MFA_TRUST_COOKIE_SECURE, s.MFA_TRUST_COOKIE_HTTPONLY, "
    "s.MFA_TRUST_COOKIE_SAMESITE)"
)


def test_production_cookies_are_host_bound_secure_and_same_site(tmp_path: Path) -> None:
    """P-A6: a ``__Host-`` cookie is refused by browsers unless Secure, without Domain and on
    path /, so it cannot be set or read by a sibling domain."""
    result = run(tmp_path, "-c", COOKIES, **production())
    assert result.returncode == 0, result.stderr
    session, csrf, trust = result.stdout.split("\n")[:3]
    assert session == "__Host-strongroom-session True True Lax None /"
    assert csrf == "__Host-strongroom-csrf True True Lax None /"
    assert trust == "__Host-strongroom-trust True True Lax"
