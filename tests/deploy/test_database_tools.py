"""The database tier's files run by the tools that will read them: three etcd 3.4 members
started from their rendered files form one cluster, Patroni 3.0 validates each node's file
against that cluster and takes its passwords from the environment, and systemd reads the
drop-ins with Debian's units. Every host lives on its own loopback address (127.0.0.21-23)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from strongroom.deploy.database import DatabaseTier, Host, render_database
from strongroom.platform.backups.ports import free_port
from tests.deploy.edge import stop
from tests.deploy.test_database_render import SYSTEM_PYTHON, env_file

pytestmark = pytest.mark.sqlite_only  # no database: once is enough

ETCD, ETCDCTL, PATRONI = "/usr/bin/etcd", "/usr/bin/etcdctl", "/usr/bin/patroni"
SYSTEMD_ANALYZE = "/usr/bin/systemd-analyze"
PASSWORDS = {"PATRONI_SUPERUSER_PASSWORD": "su-9d1c", "PATRONI_REPLICATION_PASSWORD": "re-4b7a",
             "PATRONI_REWIND_PASSWORD": "rw-0e2f", "PATRONI_RESTAPI_PASSWORD": "ra-6c3d"}


def loopback_tier(directory: Path) -> DatabaseTier:
    return DatabaseTier(
        nodes=(Host("db1", "127.0.0.21"), Host("db2", "127.0.0.22")),
        witnesses=(Host("witness", "127.0.0.23"),), app_addresses=("127.0.0.24",),
        pg_port=free_port(), rest_port=free_port(), etcd_client_port=free_port(),
        etcd_peer_port=free_port(), data_dir=directory / "pgdata", pgpass=directory / "pgpass",
        allow_loopback=True,
    )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DatabaseTier, Path]]:
    """The rendered tier, and its three etcd members running from their rendered files."""
    directory = tmp_path_factory.mktemp("tier")
    tier = loopback_tier(directory)
    render_database(tier, directory / "out")
    processes: list[subprocess.Popen] = []
    try:
        for member in tier.etcd_members:
            values = env_file(directory / "out" / "etcd" / f"{member.name}.conf")
            values["ETCD_DATA_DIR"] = str(directory / "etcd" / member.name)  # not /var/lib
            with (directory / f"etcd-{member.name}.log").open("wb") as log:
                processes.append(subprocess.Popen(  # noqa: S603 - Debian's etcd
                    [ETCD], env={"PATH": "/usr/bin:/bin", **values}, stdout=log,
                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                ))
        wait_until_healthy(tier, processes, directory)
        yield tier, directory
    finally:
        for process in processes:
            stop(process)


def endpoints(tier: DatabaseTier) -> str:
    return ",".join(f"http://{m.at(tier.etcd_client_port)}" for m in tier.etcd_members)


def etcdctl(tier: DatabaseTier, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - Debian's etcdctl
        [ETCDCTL, f"--endpoints={endpoints(tier)}", "--dial-timeout=2s", *args],
        capture_output=True, text=True, check=False, env={"ETCDCTL_API": "3"},
    )


def wait_until_healthy(
    tier: DatabaseTier, processes: list[subprocess.Popen], directory: Path
) -> None:
    deadline = time.monotonic() + 60
    while (health := etcdctl(tier, "endpoint", "health")).returncode != 0:
        logs = " ".join(p.read_text()[-800:] for p in directory.glob("etcd-*.log"))
        if any(process.poll() is not None for process in processes):
            raise RuntimeError(f"an etcd member exited: {logs}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"etcd not healthy: {health.stderr} {logs}")
        time.sleep(0.5)


def test_etcd_members_form_one_cluster(cluster: tuple[DatabaseTier, Path]) -> None:
    tier, _ = cluster
    listed = etcdctl(tier, "member", "list", "--write-out=json")
    assert listed.returncode == 0, listed.stderr
    members = {m["name"]: m for m in json.loads(listed.stdout)["members"]}
    assert sorted(members) == ["db1", "db2", "witness"]
    for host in tier.etcd_members:
        assert members[host.name]["peerURLs"] == [f"http://{host.at(tier.etcd_peer_port)}"]
        assert members[host.name]["clientURLs"] == [f"http://{host.at(tier.etcd_client_port)}"]
    written = etcdctl(tier, "put", "/strongroom-test", "quorum")
    assert written.returncode == 0, written.stderr


def patroni(config: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - Debian's Patroni
        [PATRONI, *args, str(config)], capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", **env}, timeout=60,
    )


def test_patroni_validates_each_node_against_the_cluster(
    cluster: tuple[DatabaseTier, Path],
) -> None:
    """Patroni's own validator: etcd reachable, ports free, PostgreSQL 15's binaries, an empty
    data directory, the users named. It fails on a broken copy (the check can fail)."""
    tier, directory = cluster
    for node in tier.nodes:
        config = directory / "out" / "patroni" / f"{node.name}.yml"
        checked = patroni(config, "--validate-config", env=PASSWORDS)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    broken = directory / "broken.yml"
    broken.write_text(config.read_text().replace(
        f":{tier.etcd_client_port}", f":{free_port()}"))
    checked = patroni(broken, "--validate-config", env=PASSWORDS)
    assert checked.returncode != 0
    assert "is not reachable" in checked.stderr


LOAD = """
import json, sys
from patroni.config import Config
config = Config(sys.argv[1], validator=None)
print(json.dumps({"authentication": config["postgresql"]["authentication"],
                  "restapi": config["restapi"].get("auth"), "name": config["name"]}))
"""


def load_config(config: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - Debian's Python with Patroni's own loader
        [SYSTEM_PYTHON, "-c", LOAD, str(config)], capture_output=True, text=True,
        check=False, env={"PATH": "/usr/bin:/bin", **env},
    )


def test_patroni_takes_the_passwords_from_its_environment(
    cluster: tuple[DatabaseTier, Path],
) -> None:
    _, directory = cluster
    config = directory / "out" / "patroni" / "db2.yml"
    loaded = load_config(config, PASSWORDS)
    assert loaded.returncode == 0, loaded.stderr
    effective: dict[str, Any] = json.loads(loaded.stdout)
    assert effective["name"] == "db2"
    assert effective["authentication"] == {
        "superuser": {"username": "postgres", "password": "su-9d1c"},
        "replication": {"username": "replicator", "password": "re-4b7a"},
        "rewind": {"username": "rewinder", "password": "rw-0e2f"},
    }
    assert effective["restapi"] == "patroni:ra-6c3d"
    # Without the REST API's password Patroni does not start (its changes would be open).
    missing = {k: v for k, v in PASSWORDS.items() if k != "PATRONI_RESTAPI_PASSWORD"}
    assert load_config(config, missing).returncode != 0


@pytest.mark.parametrize("unit", ["patroni.service", "etcd.service"])
def test_systemd_reads_the_drop_ins_with_debians_units(
    cluster: tuple[DatabaseTier, Path], tmp_path: Path, unit: str
) -> None:
    _, directory = cluster
    shutil.copy(f"/lib/systemd/system/{unit}", tmp_path)
    shutil.copytree(directory / "out" / "systemd" / f"{unit}.d", tmp_path / f"{unit}.d")
    environment = {**os.environ, "SYSTEMD_UNIT_PATH": f"{tmp_path}:"}
    result = subprocess.run(  # noqa: S603 - systemd's own checker
        [SYSTEMD_ANALYZE, "verify", "--man=no", unit],
        capture_output=True, text=True, check=False, env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    # The check reads the drop-in: a broken line in it is reported.
    with (tmp_path / f"{unit}.d" / "strongroom.conf").open("a") as drop_in:
        drop_in.write("ExecStart=relative/path\n")
    result = subprocess.run(  # noqa: S603 - systemd's own checker
        [SYSTEMD_ANALYZE, "verify", "--man=no", unit],
        capture_output=True, text=True, check=False, env=environment,
    )
    assert "strongroom.conf" in result.stderr
