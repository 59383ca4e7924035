"""``strongroom deploy render --db-node ...``: the database tier's files (Patroni per database
host, etcd per member, the systemd drop-ins), the app's multi-host URL, no secret in any of
it, and the refusals."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from strongroom.deploy import database
from strongroom.deploy.tls import make_certificates
from strongroom.project import env

pytestmark = pytest.mark.sqlite_only  # no database: once is enough

# Debian's Python, whose PyYAML Patroni itself reads its configuration with.
SYSTEM_PYTHON = "/usr/bin/python3"
TIER = ["--db-node", "db1=10.0.0.11", "--db-node", "db2=10.0.0.12",
        "--etcd-witness", "witness=10.0.0.13", "--db-client", "10.0.0.5"]


def render(tmp_path: Path, *extra: str) -> tuple[Path, str]:
    """The command's files and what it printed."""
    out = tmp_path / "out"
    printed = io.StringIO()
    call_command("deploy", "render", "--out", str(out), "--host", "records.example.com",
                 "--certificate", "/etc/haproxy/certs/x.pem", "--skip-file-checks", *extra,
                 stdout=printed)
    return out, printed.getvalue()


def load_yaml(path: Path) -> Any:
    done = subprocess.run(  # noqa: S603 - Debian's Python and PyYAML
        [SYSTEM_PYTHON, "-c", "import json, sys, yaml; "
         "print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", str(path)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout)


def test_without_db_nodes_nothing_of_the_tier_is_rendered(tmp_path: Path) -> None:
    out, printed = render(tmp_path)
    assert not (out / "patroni").exists()
    assert not (out / "etcd").exists()
    assert not (out / "systemd" / "patroni.service.d").exists()
    assert "No database tier rendered" in printed
    assert "--db-node NAME=ADDRESS" in printed


def test_one_file_per_host_and_the_drop_ins(tmp_path: Path) -> None:
    out, printed = render(tmp_path, *TIER)
    assert sorted(p.name for p in (out / "patroni").iterdir()) == ["db1.yml", "db2.yml"]
    assert sorted(p.name for p in (out / "etcd").iterdir()) == [
        "db1.conf", "db2.conf", "witness.conf"]
    for name in database.DROP_INS:
        assert f"wrote {out / name}" in printed
    patroni = (out / "systemd" / "patroni.service.d" / "strongroom.conf").read_text()
    assert f"ExecStart=\nExecStart=/usr/bin/patroni {database.PATRONI_CONFIG}\n" in patroni
    assert f"EnvironmentFile=\nEnvironmentFile={database.PATRONI_ENV}\n" in patroni
    etcd = (out / "systemd" / "etcd.service.d" / "strongroom.conf").read_text()
    assert f"EnvironmentFile={database.ETCD_CONFIG}\n" in etcd
    # The steps, in order: etcd, the secrets, Patroni, patronictl list, then the app's URL.
    steps = [printed.index(text) for text in (
        "etcd on db1, db2, witness", "PATRONI_${user}_PASSWORD", "Patroni on db1, db2",
        "patronictl -c /etc/patroni/strongroom.yml list", "STRONGROOM_DATABASE_URL=")]
    assert steps == sorted(steps)


def test_each_patroni_node_on_its_private_address(tmp_path: Path) -> None:
    out, _ = render(tmp_path, *TIER)
    for name, address in (("db1", "10.0.0.11"), ("db2", "10.0.0.12")):
        config = load_yaml(out / "patroni" / f"{name}.yml")
        assert (config["scope"], config["name"]) == ("strongroom", name)
        assert config["restapi"]["listen"] == config["restapi"]["connect_address"] == (
            f"{address}:8008")
        assert config["restapi"]["authentication"] == {"username": "patroni"}
        assert config["etcd3"]["hosts"] == ["10.0.0.11:2379", "10.0.0.12:2379", "10.0.0.13:2379"]
        dcs = config["bootstrap"]["dcs"]
        assert (dcs["synchronous_mode"], dcs["synchronous_mode_strict"]) == (True, False)
        assert dcs["postgresql"]["use_pg_rewind"] is True
        assert dcs["loop_wait"] + 2 * dcs["retry_timeout"] <= dcs["ttl"]
        postgresql = config["postgresql"]
        assert postgresql["listen"] == postgresql["connect_address"] == f"{address}:5432"
        assert postgresql["data_dir"] == "/var/lib/postgresql/15/main"
        assert postgresql["bin_dir"] == "/usr/lib/postgresql/15/bin"
        assert all(set(user) == {"username"} for user in postgresql["authentication"].values())
        assert "archive_command" not in postgresql["parameters"]  # no backups configured


def test_pg_hba_admits_the_nodes_and_the_app_only_with_scram(tmp_path: Path) -> None:
    out, _ = render(tmp_path, *TIER)
    config = load_yaml(out / "patroni" / "db1.yml")
    hba = config["postgresql"]["pg_hba"]
    assert hba == config["bootstrap"]["pg_hba"]
    assert hba[0] == "local all all peer"
    hosts = [line.split() for line in hba[1:]]
    assert all(line[0] == "host" and line[-1] == "scram-sha-256" for line in hosts)
    assert {line[-2] for line in hosts} == {"10.0.0.11/32", "10.0.0.12/32", "10.0.0.5/32"}
    assert ["host", "strongroom,strongroom_keys", "strongroom", "10.0.0.5/32",
            "scram-sha-256"] in hosts
    assert not any(line[-2] == "10.0.0.5/32" and line[1] in ("all", "replication")
                   for line in hosts)


def test_etcd_members_share_one_initial_cluster(tmp_path: Path) -> None:
    out, _ = render(tmp_path, *TIER)
    members = {"db1": "10.0.0.11", "db2": "10.0.0.12", "witness": "10.0.0.13"}
    expected = ",".join(f"{name}=http://{ip}:2380" for name, ip in members.items())
    for name, address in members.items():
        values = env_file(out / "etcd" / f"{name}.conf")
        assert values["ETCD_NAME"] == name
        assert values["ETCD_INITIAL_CLUSTER"] == expected
        assert values["ETCD_INITIAL_CLUSTER_STATE"] == "new"
        assert values["ETCD_LISTEN_PEER_URLS"] == values["ETCD_INITIAL_ADVERTISE_PEER_URLS"] == (
            f"http://{address}:2380")
        assert values["ETCD_ADVERTISE_CLIENT_URLS"] == f"http://{address}:2379"
        assert values["ETCD_LISTEN_CLIENT_URLS"] == f"http://{address}:2379"


def env_file(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text().splitlines() if line and line[0] != "#"]
    return dict(line.split("=", 1) for line in lines)


def test_the_app_url_lists_both_nodes_for_the_primary(tmp_path: Path) -> None:
    _, printed = render(tmp_path, *TIER, "--db-name", "records", "--db-user", "app")
    url = re.search(r"STRONGROOM_DATABASE_URL=(\S+)", printed)
    assert url is not None
    assert url.group(1) == ("postgres://app:PASSWORD@10.0.0.11:5432,10.0.0.12:5432/records"
                            "?target_session_attrs=read-write&connect_timeout=3")
    parsed = env.parse_database_url(url.group(1), data_dir=tmp_path)
    assert (parsed["HOST"], parsed["PORT"]) == ("10.0.0.11,10.0.0.12", "5432,5432")
    assert parsed["OPTIONS"]["target_session_attrs"] == "read-write"


def test_ipv6_private_addresses_are_bracketed(tmp_path: Path) -> None:
    out, printed = render(tmp_path, "--db-node", "db1=fd00::11", "--db-node", "db2=fd00::12",
                          "--etcd-witness", "w=fd00::13", "--db-client", "fd00::5")
    config = load_yaml(out / "patroni" / "db2.yml")
    assert config["postgresql"]["listen"] == "[fd00::12]:5432"
    assert "host all all fd00::12/128 scram-sha-256" in config["postgresql"]["pg_hba"]
    assert "@[fd00::11]:5432,[fd00::12]:5432/" in printed


SECRETS = {
    "secret key": "sk-" + "k" * 60, "backup passphrase": "bp-correct-horse-battery-staple",
    "metrics token": "mt-0123456789abcdef0123456789", "superuser": "su-pw-5f2d0c6e1a9b",
    "replication": "re-pw-77e1c0a4b2d9", "restapi": "ra-pw-3c9a1e5f7b0d",
}


def test_no_secret_in_any_rendered_file_or_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every secret the command could see (settings, the metrics token file, Patroni's
    variables in its environment, the certificate's private key) is absent from what it
    writes and prints; with backups configured, PostgreSQL archives to pgBackRest."""
    certificates = make_certificates(tmp_path / "tls", hosts=("records.example.com",))
    key = certificates.bundle.read_text().split("-----BEGIN PRIVATE KEY-----")[1]
    token = tmp_path / "metrics-token"
    token.write_text(SECRETS["metrics token"] + "\n")
    for name in ("superuser", "replication", "restapi"):
        monkeypatch.setenv(f"PATRONI_{name.upper()}_PASSWORD", SECRETS[name])
    with override_settings(
        SECRET_KEY=SECRETS["secret key"], STRONGROOM_BACKUP_PASSPHRASE=SECRETS["backup passphrase"],
        STRONGROOM_PGBACKREST_REPOSITORIES=["posix:/var/lib/pgbackrest"],
        STRONGROOM_PGBACKREST_DIR=Path("/var/lib/strongroom/pgbackrest"),
        STRONGROOM_PGBACKREST_STANZA="records",
    ):
        out = tmp_path / "out"
        printed = io.StringIO()
        call_command("deploy", "render", "--out", str(out), "--host", "records.example.com",
                     "--certificate", str(certificates.bundle), "--metrics-token-file",
                     str(token), *TIER, stdout=printed)
    texts = {str(path): path.read_text() for path in out.rglob("*") if path.is_file()}
    texts["stdout"] = printed.getvalue()
    for what, secret in {**SECRETS, "TLS private key": key.strip()[:64]}.items():
        assert not [name for name, text in texts.items() if secret in text], what
    parameters = load_yaml(out / "patroni" / "db1.yml")["postgresql"]["parameters"]
    assert parameters["archive_mode"] == "on"
    assert parameters["archive_command"] == (
        "pgbackrest --config=/var/lib/strongroom/pgbackrest/pgbackrest.conf --stanza=records "
        "archive-push %p")
    assert "pgbackrest-config names them" in texts["stdout"]


REFUSALS = {
    ("--db-node", "db1=10.0.0.11", "--etcd-witness", "w=10.0.0.13", "--db-client", "10.0.0.5"):
        "Patroni needs at least 2 --db-node",
    ("--db-node", "db1=10.0.0.11", "--db-node", "db2=10.0.0.12", "--db-client", "10.0.0.5"):
        "etcd has 2 members .* an odd number, at least 3",
    (*TIER, "--etcd-witness", "w2=10.0.0.14"): "etcd has 4 members",
    ("--db-node", "db1=10.0.0.11", "--db-node", "db1=10.0.0.12", "--etcd-witness",
     "w=10.0.0.13", "--db-client", "10.0.0.5"): "the host name 'db1' is given twice",
    ("--db-node", "db1=10.0.0.11", "--db-node", "db2=10.0.0.11", "--etcd-witness",
     "w=10.0.0.13", "--db-client", "10.0.0.5"): "db2: the address 10.0.0.11 is given twice",
    ("--db-node", "db1=10.0.0.11", "--db-node", "db2=8.8.8.8", "--etcd-witness",
     "w=10.0.0.13", "--db-client", "10.0.0.5"): "db2: 8.8.8.8 is a public address",
    ("--db-node", "db1=127.0.0.1", "--db-node", "db2=10.0.0.12", "--etcd-witness",
     "w=10.0.0.13", "--db-client", "10.0.0.5"): "db1: 127.0.0.1 is a loopback address",
    ("--db-node", "db1=db1.example.com", "--db-node", "db2=10.0.0.12", "--etcd-witness",
     "w=10.0.0.13", "--db-client", "10.0.0.5"): "'db1.example.com' is not an IP address",
    ("--db-node", "db1", "--db-node", "db2=10.0.0.12"): "'db1' is not NAME=ADDRESS",
    ("--db-node", "db_1=10.0.0.11", "--db-node", "db2=10.0.0.12", "--etcd-witness",
     "w=10.0.0.13", "--db-client", "10.0.0.5"): "'db_1' is not a host name",
    ("--db-node", "db1=10.0.0.11", "--db-node", "db2=10.0.0.12", "--etcd-witness",
     "w=10.0.0.13"): "--db-client ADDRESS",
    ("--etcd-witness", "w=10.0.0.13"): "give its hosts with --db-node",
    (*TIER, "--db-client", "198.51.100.7x"): "'198.51.100.7x' is not an IP address",
    (*TIER, "--pgbackrest-config", "relative.conf"): "pgBackRest configuration 'relative.conf'",
}


@pytest.mark.parametrize(("extra", "message"), REFUSALS.items())
def test_refusals(tmp_path: Path, extra: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        render(tmp_path, *extra)
    assert not (tmp_path / "out").exists()
