"""A whole Strongroom installation on the embedded SQLite default, driven through its CLI in
processes of its own, as an operator would (``strongroom migrate``, ``demo``, ``backup ...``)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strongroom.platform.backups import sources

PASSPHRASE = "backup-passphrase-for-the-tests-0123456789-abcdefghij"


def issue_key_code(*, company: str, email: str, name: str) -> str:
    """Python for ``strongroom manage shell -c`` that prints a new full API key of the member
    ``email`` of ``company``, issued as the test factories issue keys. For tests whose subject is
    not how keys are issued: ``apikey create`` issues them only under a company's support grant,
    to a member with a second factor."""
    return (
        "from datetime import timedelta\n"
        "from strongroom.platform.tenancy.models import Membership\n"
        "from strongroom.identity.models import ApiKey\n"
        f"member = Membership.objects.get(company__slug={company!r}, user__email={email!r})\n"
        f"print(ApiKey.objects.issue(company=member.company, user=member.user, name={name!r},"
        " read_only=False, lifetime=timedelta(days=1))[1])\n"
    )


@dataclass
class Installation:
    data_dir: Path
    locations: dict[str, str]
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self, **overrides: str) -> dict[str, str]:
        environment = {
            key: value for key, value in os.environ.items()
            if not key.startswith("STRONGROOM_") and key != "DJANGO_SETTINGS_MODULE"
        }
        environment.update({
            "DJANGO_SETTINGS_MODULE": "strongroom.project.settings",
            "STRONGROOM_DATA_DIR": str(self.data_dir),
            "STRONGROOM_BACKUP_ENABLED": "true",
            "STRONGROOM_BACKUP_PASSPHRASE": PASSPHRASE,
            "STRONGROOM_BACKUP_LOCATIONS": ",".join(
                f"{name}={where}" for name, where in self.locations.items()
            ),
            "STRONGROOM_KEY_CACHE_SECONDS": "0",
        })
        environment.update(self.extra_env)
        environment.update(overrides)
        return environment

    def run(self, *args: str, check: bool = True, **overrides: str) -> subprocess.CompletedProcess:
        result = subprocess.run(  # noqa: S603 - this interpreter, the project's own CLI
            [sys.executable, "-m", "strongroom.project.cli", *args],
            capture_output=True, text=True, env=self.env(**overrides), timeout=600, check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"strongroom {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def shell(self, code: str, **overrides: str) -> str:
        """Run Python inside the installation (``strongroom manage shell -c``); its output."""
        output = self.run("manage", "shell", "--no-imports", "-c", code, **overrides).stdout
        return output.strip().splitlines()[-1] if output.strip() else ""

    def backups(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = json.loads(self.run("backup", "list", "--json").stdout)
        return items

    @property
    def records(self) -> Path:
        return self.data_dir / "strongroom.sqlite3"

    def sql(self, query: str, *params: Any, path: Path | None = None) -> list[tuple]:
        connection = sqlite3.connect(path or self.records)
        try:
            rows = connection.execute(query, params).fetchall()
            connection.commit()
            return rows
        finally:
            connection.close()


def counts_of(records: Path) -> dict[str, dict[str, int]]:
    """Rows per company and table of an SQLite records database."""
    connection = sqlite3.connect(f"file:{records}?mode=ro", uri=True)
    try:
        return sources.count_rows(connection, sources.company_tables())
    finally:
        connection.close()


def files_containing(root: Path, needles: list[bytes]) -> list[str]:
    """Every file under ``root`` holding any of ``needles`` (raw bytes, as stored)."""
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path}: {needle!r}" for needle in needles if needle in data]
    return found
