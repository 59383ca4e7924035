"""One local production stack for the fault tests (started once, stopped at the end), a
company of their own, its owner's API key and an organisation per test."""

from __future__ import annotations

import json
import ssl
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from strongroom.deploy.stack import app, stack
from tests.backups.installation import issue_key_code

COMPANY = "faults"
OWNER = "owner@faults.example"
ISSUE_KEY = issue_key_code(company=COMPANY, email=OWNER, name="fault tests")


@dataclass
class Running:
    stack: stack.Stack
    api_key: str

    def post(self, path: str, body: dict[str, object]) -> dict[str, object]:
        request = urllib.request.Request(  # noqa: S310 - the stack's https URL
            f"{self.stack.url}api/v1{path}", data=json.dumps(body).encode(), method="POST",
            headers={"Authorization": f"Bearer {self.api_key}",
                     "Content-Type": "application/json"},
        )
        context = ssl.create_default_context(cafile=self.stack.ca_file)
        with urllib.request.urlopen(request, timeout=30, context=context) as answer:  # noqa: S310
            parsed: dict[str, object] = json.loads(answer.read())
            return parsed

    def organisation(self, name: str) -> str:
        created = self.post(f"/companies/{COMPANY}/organisations",
                            {"name": name, "country": "NO"})
        return str(created["id"])


@pytest.fixture(scope="session")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    data_dir = tmp_path_factory.mktemp("stack")
    started = stack.up(data_dir, instances=2, demo=False, say=lambda line: None)
    try:
        app.run_cli(
            started.env_file_path, "company", "create", "--slug", COMPANY,
            "--name", "Faults AS", "--country", "NO", "--region", "eu-north",
            "--currency", "NOK", "--owner-email", OWNER,
        )
        # The owner's key, issued inside the installation (see issue_key_code).
        issued = app.run_cli(
            started.env_file_path, "manage", "shell", "--no-imports", "-c", ISSUE_KEY,
        )
        api_key = issued.strip().splitlines()[-1].strip()
        assert api_key.startswith("sr_"), issued
        yield Running(started, api_key)
    finally:
        stack.down(data_dir, stack=started)
