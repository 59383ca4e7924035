"""deploy/example/ is exactly what ``strongroom deploy render`` writes for the example
installation of deploy/README.md, so the files operators read are the files it makes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.deploy.edge import ROOT

pytestmark = pytest.mark.sqlite_only  # no database: once is enough

EXAMPLE = ROOT / "deploy" / "example"
# The command line shown in deploy/README.md (every path given, none taken from settings).
EXAMPLE_ARGS = [
    "--host", "records.example.com", "--instances", "3", "--first-port", "8001",
    "--workers", "4", "--certificate", "/etc/haproxy/certs/records.example.com.pem",
    "--skip-file-checks", "--data-dir", "/var/lib/strongroom",
    "--status-dir", "/var/lib/strongroom/status/public",
    "--metrics-token-file", "/var/lib/strongroom/secrets/metrics-token",
    "--bin-dir", "/opt/strongroom/venv/bin", "--env-file", "/etc/strongroom/strongroom.env",
    "--config-dir", "/etc/strongroom", "--write-path", "/var/backups/strongroom",
    "--db-node", "db1=10.0.0.11", "--db-node", "db2=10.0.0.12",
    "--etcd-witness", "witness=10.0.0.13", "--db-client", "10.0.0.5",
    "--pgbackrest-config", "/var/lib/strongroom/pgbackrest/pgbackrest.conf",
    "--pgbackrest-stanza", "strongroom",
]


def files_under(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*")) if path.is_file()
    }


def test_the_example_is_what_the_command_renders(tmp_path: Path) -> None:
    out = tmp_path / "out"
    call_command("deploy", "render", "--out", str(out), *EXAMPLE_ARGS, stdout=io.StringIO())
    rendered = files_under(tmp_path / "out")
    shown = files_under(EXAMPLE)
    assert sorted(shown) == sorted(rendered), (
        "deploy/example/ and the rendering differ in their files: render it again "
        "(deploy/README.md)"
    )
    stale = [name for name in rendered if rendered[name] != shown[name]]
    assert not stale, f"deploy/example/ is stale in {stale}: render it again (deploy/README.md)"


def test_the_readme_shows_the_same_command() -> None:
    readme = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    command = " ".join(readme.split("```sh\nstrongroom deploy render --out deploy/example ")[1]
                       .split("```")[0].replace("\\\n", " ").split())
    assert command == " ".join(EXAMPLE_ARGS)
