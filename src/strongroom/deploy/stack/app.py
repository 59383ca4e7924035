"""The application side of the local stack: its production environment (secrets generated
into files of the stack), Redis, migrations, the demo company, app instances, the worker and
the status prober."""

from __future__ import annotations

import base64
import importlib.util
import os
import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from strongroom.deploy.stack.processes import (
    Process,
    StackError,
    free_port,
    spawn,
    wait_for_port,
    wait_http_ok,
)

CLI = [sys.executable, "-m", "strongroom.project.cli"]


def write_secret(path: Path, value: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(value)
    return path


def metrics_token_file(stack_dir: Path) -> Path:
    """The metrics bearer token: the instances and Prometheus read this one file."""
    return stack_dir / "secrets" / "metrics_token"


def write_env_file(
    stack_dir: Path, *, database_url: str, redis_url: str, mail_port: int
) -> Path:
    """``strongroom.env``: the production configuration every process of the stack reads
    (``STRONGROOM_ENV_FILE``), its secrets in files of their own beside it."""
    keys = stack_dir / "secrets"
    root_key = "1:" + base64.b64encode(secrets.token_bytes(32)).decode()
    settings = {
        "STRONGROOM_ENV": "production",
        "STRONGROOM_DATA_DIR": str(stack_dir / "app"),
        "STRONGROOM_SECRET_KEY_FILE": write_secret(keys / "secret_key", secrets.token_urlsafe(64)),
        "STRONGROOM_API_KEY_PEPPER_FILE": write_secret(keys / "pepper", secrets.token_urlsafe(48)),
        "STRONGROOM_AUDIT_SIGNING_KEY_FILE": write_secret(
            keys / "audit_signing_key", secrets.token_urlsafe(32)
        ),
        "STRONGROOM_ROOT_KEY_FILE": write_secret(keys / "root_key", root_key),
        "STRONGROOM_METRICS_TOKEN_FILE": write_secret(
            metrics_token_file(stack_dir), secrets.token_urlsafe(48)
        ),
        "STRONGROOM_BACKUP_PASSPHRASE_FILE": write_secret(
            keys / "backup_passphrase", secrets.token_urlsafe(48)
        ),
        # pgBackRest is not configured for the Patroni pair (its PostgreSQL archives no WAL,
        # and a backup's pg_host cannot follow the primary): the stack takes no backups.
        "STRONGROOM_BACKUP_ENABLED": "false",
        "STRONGROOM_BACKUP_LOCATIONS": (
            f"local={stack_dir / 'backups' / 'local'},second={stack_dir / 'backups' / 'second'}"
        ),
        "STRONGROOM_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STRONGROOM_SECURITY_CONTACT": "mailto:security@localhost",
        "STRONGROOM_SECURITY_TXT_EXPIRES": (
            datetime.now(UTC).date() + timedelta(days=180)
        ).isoformat(),
        "STRONGROOM_EMAIL_HOST": "127.0.0.1",
        "STRONGROOM_EMAIL_PORT": str(mail_port),
        "STRONGROOM_EMAIL_USE_TLS": "false",
        "STRONGROOM_REDIS_URL": redis_url,
        "STRONGROOM_DATABASE_URL": database_url,
        # Out of the proxy's rotation before it stops taking requests, with room for health
        # checks slowed down by a busy machine.
        "STRONGROOM_DRAIN_SECONDS": "5",
    }
    lines = [f"{key}={value}" for key, value in settings.items() if value != ""]
    return write_secret(stack_dir / "strongroom.env", "\n".join(lines) + "\n")


def append_env(env_file: Path, settings: dict[str, str]) -> None:
    """More ``KEY=VALUE`` lines for ``strongroom.env`` (values known once ports are chosen)."""
    with env_file.open("a") as handle:
        handle.writelines(f"{key}={value}\n" for key, value in settings.items())


def app_env(env_file: Path) -> dict[str, str]:
    """This process's environment without any Strongroom setting, plus the stack's file."""
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith("STRONGROOM_") and key != "DJANGO_SETTINGS_MODULE"
    }
    environment["STRONGROOM_ENV_FILE"] = str(env_file)
    environment["DJANGO_SETTINGS_MODULE"] = "strongroom.project.settings"
    return environment


def run_cli(env_file: Path, *args: str, timeout: float = 600, setup: bool = False) -> str:
    """``strongroom ARGS`` in the stack's environment; its output (a StackError on failure).
    ``setup``: its commits do not wait for the standby (setting up a new installation, whose
    data the standby receives a moment later all the same)."""
    environment = app_env(env_file)
    if setup:
        environment["PGOPTIONS"] = "-c synchronous_commit=local"
    done = subprocess.run(  # noqa: S603 - this interpreter, the project's own CLI
        [*CLI, *args], env=environment, capture_output=True, text=True,
        timeout=timeout, check=False,
    )
    if done.returncode != 0:
        raise StackError(f"strongroom {' '.join(args)} exited {done.returncode}: "
                         f"{done.stderr[-3000:]}")
    return done.stdout


def start_redis(stack_dir: Path) -> Process:
    home = stack_dir / "redis"
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = spawn(
        role="redis", port=port, log=stack_dir / "logs" / "redis.log", env=dict(os.environ),
        argv=["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
              "--appendonly", "no", "--dir", str(home)],
    )
    wait_for_port(process, seconds=30)
    return process


def start_mail(stack_dir: Path) -> Process:
    """The stack's SMTP sink: messages land in ``<stack>/outbox``."""
    port = free_port()
    process = spawn(
        role="mail", port=port, log=stack_dir / "logs" / "mail.log", env=dict(os.environ),
        argv=[sys.executable, "-m", "strongroom.deploy.stack.mailsink", "--port", str(port),
              "--dir", str(stack_dir / "outbox")],
    )
    wait_for_port(process, seconds=30)
    return process


def start_instance(stack_dir: Path, env_file: Path, *, number: int, port: int) -> Process:
    """``strongroom serve --no-worker`` on ``port``, waited for until it listens."""
    process = spawn(
        role=f"app{number}", port=port, log=stack_dir / "logs" / f"app{number}.log",
        env=app_env(env_file), cwd=stack_dir,
        argv=[*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker"],
    )
    wait_for_port(process, seconds=120)
    wait_ready(process, seconds=120)
    return process


def wait_ready(process: Process, *, seconds: float) -> None:
    """Until the instance's /readyz answers 200 (its first answers are slow: imports)."""
    wait_http_ok(process, f"http://127.0.0.1:{process.port}/readyz", seconds=seconds)


def start_worker(stack_dir: Path, env_file: Path) -> Process:
    return spawn(role="worker", port=0, log=stack_dir / "logs" / "worker.log",
                 env=app_env(env_file), cwd=stack_dir, argv=[*CLI, "worker"])


def has_status_probe() -> bool:
    """Whether this version of Strongroom has ``strongroom status probe``."""
    return importlib.util.find_spec("strongroom.project.management.commands.status") is not None


def start_status_probe(stack_dir: Path, env_file: Path) -> Process:
    return spawn(role="status-probe", port=0, log=stack_dir / "logs" / "status-probe.log",
                 env=app_env(env_file), cwd=stack_dir, argv=[*CLI, "status", "probe", "--loop"])
