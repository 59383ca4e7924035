"""``strongroom status`` in processes of its own, as the timer and operators run it: the probe
writes the page while the records database is unreachable, without even trying to reach it;
the loop; operator incidents from the command line."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from strongroom.platform.status.probe import COMPONENTS
from tests.status.certs import Tls
from tests.status.helpers import check_schema, parse
from tests.status.servers import Target, counting_port
from tests.test_settings import production


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    environ = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("STRONGROOM_", "DJANGO_"))
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="strongroom.project.settings",
        STRONGROOM_DATA_DIR=str(tmp_path / "data"),
        STRONGROOM_BACKUP_ENABLED="false",
        STRONGROOM_STATUS_TIMEOUT_SECONDS="2",
        **extra,
    )
    return environ


def strongroom(
    tmp_path: Path, *args: str, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, the project's own CLI
        [sys.executable, "-m", "strongroom.project.cli", *args],
        env=environment(tmp_path, **extra), capture_output=True, text=True, timeout=120,
        check=False, cwd=tmp_path,
    )


@pytest.mark.parametrize("mode", ["development", "production"])
def test_probe_writes_the_page_with_the_records_database_unreachable(
    tmp_path: Path, tls: Tls, public: Target, instance: Target, mode: str
) -> None:
    """PostgreSQL "down": a port that closes every connection at once, and counts them."""
    instance.not_ready({"database": "the database does not answer"})
    public.answer("/readyz", 503, {"status": "not ready"})
    settings = production() if mode == "production" else {}
    with counting_port() as database:
        result = strongroom(
            tmp_path, "status", "probe", **settings,
            STRONGROOM_DATABASE_URL=f"postgres://strongroom@127.0.0.1:{database[0]}/records",
            STRONGROOM_STATUS_PUBLIC_URL=public.url,
            STRONGROOM_STATUS_CA_FILE=str(tls.ca),
            STRONGROOM_STATUS_INSTANCES=instance.url,
        )
        time.sleep(0.5)
        attempts = database[1]
        # The control: a command that reads the records database does try, and fails.
        control = strongroom(
            tmp_path, "company", "list",
            STRONGROOM_DATABASE_URL=f"postgres://strongroom@127.0.0.1:{database[0]}/records",
        )
        time.sleep(0.5)
        assert control.returncode != 0
        assert database[1] > attempts
    assert result.returncode == 0, result.stderr
    assert attempts == 0  # not even tried: the prober needs no database
    assert "Database: DOWN" in result.stdout
    public_dir = tmp_path / "data" / "status" / "public"
    status = json.loads((public_dir / "status.json").read_text())
    check_schema(status)
    assert {c["name"]: c["state"] for c in status["components"]} == {
        "Web": "up", "Application": "down", "Database": "down", "Key store": "up", "Cache": "up",
    }
    assert status["overall"] == "major_outage"
    assert "Major outage" in parse((public_dir / "index.html").read_text()).text
    history = tmp_path / "data" / "status" / "history.sqlite3"
    with sqlite3.connect(history) as connection:
        rows = connection.execute("SELECT component, up FROM probes ORDER BY rowid").fetchall()
    assert rows == [(name, int(name not in ("Application", "Database"))) for name in COMPONENTS]


def test_the_loop_probes_until_stopped(tmp_path: Path, instance: Target) -> None:
    log = tmp_path / "loop.log"
    with log.open("w") as output:
        loop = subprocess.Popen(
            [sys.executable, "-m", "strongroom.project.cli", "status", "probe", "--loop",
             "--interval", "1", "--quiet"],
            env=environment(tmp_path, STRONGROOM_STATUS_INSTANCES=instance.url),
            stdout=output, stderr=subprocess.STDOUT, cwd=tmp_path,
        )
        try:
            history = tmp_path / "data" / "status" / "history.sqlite3"
            deadline = time.monotonic() + 60
            runs = 0
            while time.monotonic() < deadline and runs < 3:
                time.sleep(0.3)
                if history.exists():
                    with sqlite3.connect(history) as connection:
                        runs = connection.execute(
                            "SELECT count(DISTINCT at) FROM probes"
                        ).fetchone()[0]
            assert runs >= 3, log.read_text()
            loop.send_signal(signal.SIGTERM)
            assert loop.wait(timeout=15) == 0, log.read_text()
        finally:
            if loop.poll() is None:
                loop.kill()
                loop.wait()
    status = json.loads((tmp_path / "data" / "status" / "public" / "status.json").read_text())
    assert status["interval_seconds"] == 1
    assert status["overall"] == "operational"


def test_operator_incidents_from_the_command_line(tmp_path: Path) -> None:
    opened = strongroom(
        tmp_path, "status", "incident", "open", "--title", "Planned maintenance",
        "--message", "The service is read-only from 20:00 to 21:00 UTC.",
        "--component", "Database", "--state", "identified",
    )
    assert opened.returncode == 0, opened.stderr
    ident = opened.stdout.strip()
    updated = strongroom(
        tmp_path, "status", "incident", "update", ident, "--message", "Under way.",
        "--state", "monitoring",
    )
    assert updated.returncode == 0, updated.stderr
    page = tmp_path / "data" / "status" / "public" / "index.html"
    text = parse(page.read_text()).text
    assert "Planned maintenance" in text
    assert "Under way." in text
    resolved = strongroom(tmp_path, "status", "incident", "resolve", ident, "--message", "Done.")
    assert resolved.returncode == 0, resolved.stderr
    listed = json.loads(strongroom(tmp_path, "status", "incident", "list", "--json").stdout)
    assert [(i["id"], i["state"], i["components"]) for i in listed] == [
        (int(ident), "resolved", ["Database"]),
    ]
    again = strongroom(tmp_path, "status", "incident", "resolve", ident, "--message", "x")
    assert again.returncode == 1
    assert "resolved already" in again.stderr
    unknown = strongroom(
        tmp_path, "status", "incident", "open", "--title", "t", "--message", "m",
        "--component", "Mainframe",
    )
    assert unknown.returncode != 0
    assert "invalid choice" in unknown.stderr


def test_render_marks_a_page_stale_when_the_prober_has_stopped(tmp_path: Path) -> None:
    history = tmp_path / "data" / "status" / "history.sqlite3"
    history.parent.mkdir(parents=True)
    from strongroom.platform.status import history as store
    from strongroom.platform.status.probe import Observation

    with store.opened(history) as connection:
        store.record_probes(
            connection, at=int(time.time()) - 3600,
            observations=[Observation("Web", True, 5, "")],
        )
    result = strongroom(tmp_path, "status", "render")
    assert result.returncode == 0, result.stderr
    assert "(stale)" in result.stdout
    page = parse((tmp_path / "data" / "status" / "public" / "index.html").read_text())
    assert "hidden" not in page.tags("p", id="stale")[0]
