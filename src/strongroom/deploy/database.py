"""The production database tier: PostgreSQL 15 under Patroni on two or more database hosts, a
primary and its synchronous standby, the leader lock in an etcd cluster of an odd number (3+)
of members (the database hosts and small witnesses). Plain data checked by ``problems()``;
``render_database`` writes one Patroni file per database host (``templates/patroni/``, which
the local stack renders too) and one etcd file per member (``templates/database/``). No
secret is rendered: Patroni reads its passwords from the environment
(``PATRONI_SUPERUSER_PASSWORD``, ...) that systemd loads from a root-only file."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from strongroom.deploy.installation import HOST_NAME, SAFE_PATH, DeployError
from strongroom.deploy.render import render_template
from strongroom.deploy.stack.postgres import LOOP_WAIT, RETRY_TIMEOUT, TTL

NODE_NAME = HOST_NAME
# Where the rendered files go on each host (the drop-ins name them).
PATRONI_CONFIG = Path("/etc/patroni/strongroom.yml")
PATRONI_ENV = Path("/etc/patroni/strongroom.env")
ETCD_CONFIG = Path("/etc/etcd/strongroom.conf")
ETCD_DATA_DIR = Path("/var/lib/etcd/strongroom")
SOCKET_DIR = Path("/var/run/postgresql")
# The secrets Patroni takes from its environment (Patroni 3.0's own variable names).
PATRONI_SECRETS = (
    "PATRONI_SUPERUSER_PASSWORD", "PATRONI_REPLICATION_PASSWORD", "PATRONI_REWIND_PASSWORD",
    "PATRONI_RESTAPI_PASSWORD",
)
DROP_INS = ("systemd/patroni.service.d/strongroom.conf", "systemd/etcd.service.d/strongroom.conf")


@dataclass(frozen=True)
class Host:
    """A database host or an etcd witness: its name (file and member name) and private IP."""

    name: str
    address: str

    @classmethod
    def parse(cls, text: str) -> Host:
        """``NAME=ADDRESS`` as given on the command line."""
        name, equals, address = text.partition("=")
        if not equals or not name or not address:
            raise DeployError(f"{text!r} is not NAME=ADDRESS")
        return cls(name=name.strip(), address=address.strip())

    @property
    def ip(self) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
        return ipaddress.ip_address(self.address)

    def at(self, port: int) -> str:
        """``address:port``, the address in brackets when it is IPv6."""
        host = f"[{self.address}]" if self.ip.version == 6 else self.address
        return f"{host}:{port}"

    @property
    def cidr(self) -> str:
        return f"{self.address}/{self.ip.max_prefixlen}"


@dataclass(frozen=True)
class DatabaseTier:
    """The database hosts (Patroni + PostgreSQL + etcd), the etcd witnesses, the addresses the
    app connects from, and what PostgreSQL hands its WAL to (pgBackRest's ``archive_command``,
    empty without backups). ``allow_loopback`` lets every host live on one machine (tests)."""

    nodes: tuple[Host, ...]
    witnesses: tuple[Host, ...] = ()
    app_addresses: tuple[str, ...] = ()
    pg_port: int = 5432
    rest_port: int = 8008
    etcd_client_port: int = 2379
    etcd_peer_port: int = 2380
    scope: str = "strongroom"
    db_name: str = "strongroom"
    db_user: str = "strongroom"
    data_dir: Path = Path("/var/lib/postgresql/15/main")
    bin_dir: Path = Path("/usr/lib/postgresql/15/bin")
    pgpass: Path = Path("/var/lib/postgresql/patroni.pgpass")  # Patroni's, in postgres's home
    pgbackrest_config: Path | None = None
    pgbackrest_stanza: str = "strongroom"
    allow_loopback: bool = False

    @property
    def etcd_members(self) -> tuple[Host, ...]:
        return self.nodes + self.witnesses

    @property
    def archive_command(self) -> str:
        """pgBackRest's ``archive_command`` (as ``strongroom backup pgbackrest-config`` prints
        it), or empty when backups are not configured."""
        if self.pgbackrest_config is None:
            return ""
        return (f"pgbackrest --config={self.pgbackrest_config} "
                f"--stanza={self.pgbackrest_stanza} archive-push %p")

    def database_url(self) -> str:
        """The app's libpq multi-host URL, with ``PASSWORD`` standing for the password."""
        hosts = ",".join(node.at(self.pg_port) for node in self.nodes)
        return (f"postgres://{self.db_user}:PASSWORD@{hosts}/{self.db_name}"
                "?target_session_attrs=read-write&connect_timeout=3")

    def problems(self) -> list[str]:
        """Everything wrong with this tier, one sentence each; empty when it renders."""
        found = []
        if len(self.nodes) < 2:
            found.append("Patroni needs at least 2 --db-node (a primary and its standby)")
        members = len(self.etcd_members)
        if members < 3 or members % 2 == 0:
            found.append(
                f"etcd has {members} members (the --db-node hosts and each --etcd-witness): "
                "it needs an odd number, at least 3, to keep a quorum when one host is lost; "
                "add an --etcd-witness NAME=ADDRESS (a small host without PostgreSQL)"
            )
        if not self.app_addresses:
            found.append("name the app hosts' private addresses with --db-client ADDRESS: "
                         "PostgreSQL accepts the app from these only")
        found += self._address_problems()
        names = [host.name for host in self.etcd_members]
        for name in sorted({name for name in names if names.count(name) > 1}):
            found.append(f"the host name {name!r} is given twice")
        for host in self.etcd_members:
            if not NODE_NAME.match(host.name):
                found.append(f"{host.name!r} is not a host name (letters, digits, '-', '.')")
        for name, port in (("PostgreSQL", self.pg_port), ("Patroni REST API", self.rest_port),
                           ("etcd client", self.etcd_client_port),
                           ("etcd peer", self.etcd_peer_port)):
            if not 1 <= port <= 65535:
                found.append(f"{name} port {port} is out of range (1-65535)")
        ports = [self.pg_port, self.rest_port, self.etcd_client_port, self.etcd_peer_port]
        if len(set(ports)) != len(ports):
            found.append("the PostgreSQL, Patroni and etcd ports must all differ")
        for word, value in (("scope", self.scope), ("database name", self.db_name),
                            ("database user", self.db_user),
                            ("pgBackRest stanza", self.pgbackrest_stanza)):
            if not NODE_NAME.match(value) or "." in value:
                found.append(f"{word} {value!r} must be letters, digits and '-'")
        paths = {"PostgreSQL data directory": self.data_dir,
                 "PostgreSQL bin directory": self.bin_dir, "Patroni's pgpass": self.pgpass}
        if self.pgbackrest_config is not None:
            paths["pgBackRest configuration"] = self.pgbackrest_config
        for what, path in paths.items():
            if not path.is_absolute() or not SAFE_PATH.match(str(path)):
                found.append(f"{what} {str(path)!r} must be an absolute path without spaces, "
                             "quotes, % or $")
        return found

    def _address_problems(self) -> list[str]:
        found = []
        seen: list[str] = []
        given = [(host.name, host.address) for host in self.etcd_members]
        given += [("--db-client", address) for address in self.app_addresses]
        for name, address in given:
            try:
                ip = ipaddress.ip_address(address)
            except ValueError:
                found.append(f"{name}: {address!r} is not an IP address")
                continue
            if ip.is_loopback and not self.allow_loopback:
                found.append(f"{name}: {address} is a loopback address; give the private "
                             "address the other hosts reach")
            elif ip.is_unspecified or ip.is_multicast or ip.is_link_local:
                found.append(f"{name}: {address} is not a host's address")
            elif ip.is_global:
                found.append(f"{name}: {address} is a public address; PostgreSQL, Patroni "
                             "and etcd listen on a private network only")
            if name != "--db-client" and str(ip) in seen:
                found.append(f"{name}: the address {address} is given twice")
            seen.append(str(ip))
        return found

    def check(self) -> None:
        found = self.problems()
        if found:
            raise DeployError("; ".join(found))


def pg_hba(tier: DatabaseTier) -> list[str]:
    """The postgres OS user over the socket; replication and Patroni's own logins from the
    database hosts; the app's user, to its two databases, from the app's hosts."""
    lines = ["local all all peer"]
    for node in tier.nodes:
        lines.append(f"host replication replicator {node.cidr} scram-sha-256")
        lines.append(f"host all all {node.cidr} scram-sha-256")
    databases = f"{tier.db_name},{tier.db_name}_keys"
    for address in tier.app_addresses:
        client = Host(name="app", address=address)
        lines.append(f"host {databases} {tier.db_user} {client.cidr} scram-sha-256")
    return lines


def patroni_values(tier: DatabaseTier, node: Host) -> dict[str, Any]:
    return {
        "scope": tier.scope, "name": node.name, "address": node.address,
        "patroni_config": str(PATRONI_CONFIG), "patroni_env": str(PATRONI_ENV),
        "rest_address": node.at(tier.rest_port), "rest_user": "patroni",
        "etcd_hosts": [member.at(tier.etcd_client_port) for member in tier.etcd_members],
        "ttl": str(TTL), "loop_wait": str(LOOP_WAIT), "retry_timeout": str(RETRY_TIMEOUT),
        "strict": "false", "pg_hba": pg_hba(tier), "pg_address": node.at(tier.pg_port),
        "data_dir": str(tier.data_dir), "bin_dir": str(tier.bin_dir),
        "pgpass": str(tier.pgpass),
        "replication_user": "replicator", "rewind_user": "rewinder",
        "socket_dir": str(SOCKET_DIR), "archive_command": tier.archive_command,
    }


def etcd_values(tier: DatabaseTier, member: Host) -> dict[str, Any]:
    cluster = ",".join(
        f"{other.name}=http://{other.at(tier.etcd_peer_port)}" for other in tier.etcd_members
    )
    return {
        "scope": tier.scope, "name": member.name, "address": member.address,
        "etcd_config": str(ETCD_CONFIG), "etcd_data_dir": str(ETCD_DATA_DIR),
        "peer_url": f"http://{member.at(tier.etcd_peer_port)}",
        "client_url": f"http://{member.at(tier.etcd_client_port)}",
        "initial_cluster": cluster,
    }


def render_database(tier: DatabaseTier, out_dir: Path) -> list[Path]:
    """``patroni/<node>.yml`` per database host, ``etcd/<member>.conf`` per etcd member and
    the two systemd drop-ins under ``out_dir``; the paths written. Raises
    :class:`DeployError` when the tier is not valid."""
    tier.check()
    files = {f"patroni/{node.name}.yml": render_template(
        "patroni/patroni.yml", patroni_values(tier, node)) for node in tier.nodes}
    files.update({f"etcd/{member.name}.conf": render_template(
        "database/etcd.conf", etcd_values(tier, member)) for member in tier.etcd_members})
    paths = {"patroni_config": str(PATRONI_CONFIG), "patroni_env": str(PATRONI_ENV),
             "etcd_config": str(ETCD_CONFIG)}
    files.update({name: render_template(f"database/{name}", paths) for name in DROP_INS})
    written = []
    for name, text in files.items():
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        target.chmod(0o644)
        written.append(target)
    return written
