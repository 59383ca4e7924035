"""``strongroom deploy render``: the configuration files of a production installation (HAProxy
with TLS, systemd units, Prometheus and, with ``--db-node``, the database tier: Patroni and
etcd), rendered for this installation (``strongroom.deploy``)."""

from __future__ import annotations

import os
import sys
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from strongroom.deploy import database
from strongroom.deploy.database import DatabaseTier, Host, render_database
from strongroom.deploy.installation import DeployError, Installation
from strongroom.deploy.render import render
from strongroom.deploy.tls import bundle_problems

NEXT_STEPS = """
Next steps (docs/operations.md):
  1. install -d {config_dir} && cp -r {out}/haproxy {config_dir}/
  2. cp {out}/systemd/*.service {out}/systemd/*.timer {out}/systemd/*.target \\
        /etc/systemd/system/
     cp -r {out}/systemd/haproxy.service.d /etc/systemd/system/ && systemctl daemon-reload
  3. haproxy -c -f {config_dir}/haproxy/haproxy.cfg
  4. systemctl enable --now strongroom.target && systemctl restart haproxy
  5. cp {out}/prometheus/* /etc/prometheus/ (Prometheus must be able to read {token})
  6. curl -sI {origin}/readyz
"""
NO_DATABASE = """
No database tier rendered. For PostgreSQL under Patroni (a primary and its synchronous
standby, the leader lock in etcd), render again with --db-node NAME=ADDRESS for each database
host (2+), --etcd-witness NAME=ADDRESS (etcd needs 3 members) and --db-client ADDRESS for the
app's host (docs/operations.md, "High availability: PostgreSQL failover").
"""
DATABASE_STEPS = """
The database tier (docs/operations.md, "High availability: PostgreSQL failover"), in order:
  7. etcd on {members}: on each host NAME,
     cp {out}/etcd/NAME.conf {etcd_config}
     cp -r {out}/systemd/etcd.service.d /etc/systemd/system/
     systemctl daemon-reload && systemctl enable --now etcd
     then: etcdctl --endpoints={endpoints} endpoint health
  8. The secrets, once, then copied to every database host (root only; never in these files):
     install -d /etc/patroni && install -m 0600 /dev/null {patroni_env}
     for user in SUPERUSER REPLICATION REWIND RESTAPI; do
       echo "PATRONI_${{user}}_PASSWORD=$(openssl rand -hex 24)"; done >> {patroni_env}
{archive_secrets}  9. Patroni on {nodes}: on each host NAME (Debian's own cluster stopped and
     dropped first: pg_dropcluster --stop 15 main),
     cp {out}/patroni/NAME.yml {patroni_config} && chown root:postgres {patroni_config}
     chmod 0640 {patroni_config}
     cp -r {out}/systemd/patroni.service.d /etc/systemd/system/
     systemctl daemon-reload && systemctl enable --now patroni
 10. patronictl -c {patroni_config} list   (a Leader and a Sync Standby, both running)
 11. On the leader, as postgres: createuser --pwprompt {db_user};
     createdb -O {db_user} {db_name}; createdb -O {db_user} {db_name}_keys
 12. In {env_file}:
     STRONGROOM_DATABASE_URL={url}
     (PASSWORD: the role's password, URL-encoded), then strongroom migrate.
"""
ARCHIVE_SECRETS = """     With backups: append pgBackRest's secrets to it too (strongroom backup
     pgbackrest-config names them) and run that command on each database host.
"""


def _default_host() -> str | None:
    for host in settings.ALLOWED_HOSTS:
        if host not in ("*", "testserver") and not host.startswith("."):
            return str(host)
    return None


def _backup_directories() -> list[Path]:
    """Backup locations that are directories on this host: the worker writes them."""
    locations = getattr(settings, "STRONGROOM_BACKUP_LOCATIONS", {}) or {}
    return [Path(where) for where in locations.values() if where.startswith("/")]


def _host(text: str) -> Host:
    try:
        return Host.parse(text)
    except DeployError as error:
        raise ArgumentTypeError(str(error)) from None


def _database_steps(tier: DatabaseTier, out: Path, installation: Installation) -> str:
    return DATABASE_STEPS.format(
        out=out, members=", ".join(member.name for member in tier.etcd_members),
        nodes=", ".join(node.name for node in tier.nodes), etcd_config=database.ETCD_CONFIG,
        endpoints=",".join(f"http://{m.at(tier.etcd_client_port)}" for m in tier.etcd_members),
        patroni_env=database.PATRONI_ENV, patroni_config=database.PATRONI_CONFIG,
        archive_secrets=ARCHIVE_SECRETS if tier.archive_command else "",
        db_user=tier.db_user, db_name=tier.db_name, env_file=installation.env_file,
        url=tier.database_url(),
    )


class Command(BaseCommand):
    help = ("Render the production configuration (HAProxy, systemd, Prometheus; with --db-node "
            "the database tier: Patroni and etcd).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{render}")
        out = sub.add_parser("render", help="Write the configuration files into a directory.")
        out.add_argument("--out", required=True, type=Path, help="An empty directory.")
        out.add_argument("--force", action="store_true", help="Write into a non-empty --out.")
        out.add_argument("--host", default=_default_host(),
                         help="Public host name (default: the first STRONGROOM_ALLOWED_HOSTS).")
        out.add_argument("--https-port", type=int, default=443)
        out.add_argument("--http-port", type=int, default=80)
        out.add_argument("--listen-address", default="",
                         help="Address HAProxy binds (default: every IPv4 address).")
        out.add_argument("--instances", type=int, default=3, help="App instances (2+).")
        out.add_argument("--first-port", type=int, default=8001,
                         help="Port of the first instance on 127.0.0.1; the others follow.")
        out.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance.")
        out.add_argument("--certificate", type=Path, required=True,
                         help="HAProxy's PEM bundle: certificate, intermediates, private key.")
        out.add_argument("--ca-file", type=Path, help="The CA that issued the certificate.")
        out.add_argument("--skip-file-checks", action="store_true",
                         help="Do not read the certificate and CA files (render for another host).")
        out.add_argument("--data-dir", type=Path, default=settings.DATA_DIR)
        out.add_argument("--status-dir", type=Path,
                         default=getattr(settings, "STRONGROOM_STATUS_DIR", None),
                         help="The public status page's files (default: <data dir>/status/public).")
        out.add_argument(
            "--metrics-token-file", type=Path,
            default=getattr(settings, "STRONGROOM_METRICS_TOKEN_FILE", None),
            help="Bearer token for /metrics (default: <data dir>/secrets/metrics-token).",
        )
        out.add_argument("--user", default="strongroom", help="System user of the services.")
        out.add_argument("--proxy-user", default="haproxy",
                         help="User HAProxy drops to ('' to stay the starting user).")
        out.add_argument("--bin-dir", type=Path, default=Path(sys.executable).parent,
                         help="Directory of the `strongroom` command (default: this one's).")
        out.add_argument("--env-file", type=Path, default=Path(
            os.environ.get("STRONGROOM_ENV_FILE") or "/etc/strongroom/strongroom.env"
        ), help="The environment file the services load.")
        out.add_argument("--config-dir", type=Path, default=Path("/etc/strongroom"),
                         help="Where the rendered haproxy/ folder will be installed.")
        out.add_argument("--write-path", type=Path, action="append", default=None,
                         help="Another path the services write (default: the backup "
                         "directories); repeat for several.")
        out.add_argument("--hsts-seconds", type=int, default=63072000)
        self._database_arguments(out)

    def _database_arguments(self, out: ArgumentParser) -> None:
        out.add_argument("--db-node", type=_host, action="append", default=[],
                         metavar="NAME=ADDRESS", help="A database host (Patroni, PostgreSQL "
                         "15, etcd) and its private IP address; 2 or more.")
        out.add_argument("--etcd-witness", type=_host, action="append", default=[],
                         metavar="NAME=ADDRESS", help="An etcd member without PostgreSQL, so "
                         "that etcd has an odd number (3+) of members.")
        out.add_argument("--db-client", action="append", default=[], metavar="ADDRESS",
                         help="The private address the app connects from (pg_hba); repeat.")
        out.add_argument("--db-name", default="strongroom", help="The app's database.")
        out.add_argument("--db-user", default="strongroom", help="The app's database role.")
        backups = bool(getattr(settings, "STRONGROOM_PGBACKREST_REPOSITORIES", None))
        out.add_argument(
            "--pgbackrest-config", type=Path, default=(
                Path(settings.STRONGROOM_PGBACKREST_DIR) / "pgbackrest.conf" if backups else None
            ), help="pgBackRest's configuration on the database hosts: PostgreSQL archives its "
            "WAL with it (default: from STRONGROOM_PGBACKREST_*; none without backups).")
        out.add_argument("--pgbackrest-stanza",
                         default=getattr(settings, "STRONGROOM_PGBACKREST_STANZA", "strongroom"))

    def handle(self, *args: Any, **options: Any) -> None:
        installation = self._installation(options)
        out: Path = options["out"]
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out {out} is not a directory")
        if out.is_dir() and any(out.iterdir()) and not options["force"]:
            raise CommandError(f"--out {out} is not empty: pass --force to write into it")
        tier = self._tier(options)
        try:
            written = render(installation, out)
            written += render_database(tier, out) if tier else []
        except DeployError as error:
            raise CommandError(str(error)) from None
        for path in written:
            self.stdout.write(f"wrote {path}")
        self.stdout.write(NEXT_STEPS.format(
            out=out, config_dir=installation.config_dir, token=installation.metrics_token,
            origin=installation.public_origin,
        ))
        self.stdout.write(_database_steps(tier, out, installation) if tier else NO_DATABASE)

    def _tier(self, options: dict[str, Any]) -> DatabaseTier | None:
        if not options["db_node"]:
            if options["etcd_witness"] or options["db_client"]:
                raise CommandError("--etcd-witness and --db-client describe the database "
                                   "tier: give its hosts with --db-node NAME=ADDRESS")
            return None
        tier = DatabaseTier(
            nodes=tuple(options["db_node"]), witnesses=tuple(options["etcd_witness"]),
            app_addresses=tuple(options["db_client"]), db_name=options["db_name"],
            db_user=options["db_user"], pgbackrest_config=options["pgbackrest_config"],
            pgbackrest_stanza=options["pgbackrest_stanza"],
        )
        problems = tier.problems()
        if problems:
            raise CommandError("; ".join(problems))
        return tier

    def _installation(self, options: dict[str, Any]) -> Installation:
        if not options["host"]:
            raise CommandError("no public host name: pass --host (or set ALLOWED_HOSTS)")
        write_paths = options["write_path"]
        installation = Installation(
            public_host=options["host"], data_dir=options["data_dir"],
            certificate=options["certificate"], https_port=options["https_port"],
            http_port=options["http_port"], listen_address=options["listen_address"],
            instances=options["instances"], first_port=options["first_port"],
            workers_per_instance=options["workers"], ca_file=options["ca_file"],
            status_dir=options["status_dir"], metrics_token_file=options["metrics_token_file"],
            user=options["user"], proxy_user=options["proxy_user"] or None,
            bin_dir=options["bin_dir"], env_file=options["env_file"],
            config_dir=options["config_dir"],
            write_paths=tuple(_backup_directories() if write_paths is None else write_paths),
            hsts_seconds=options["hsts_seconds"], production=settings.PRODUCTION,
        )
        problems = installation.problems()
        if not options["skip_file_checks"]:
            problems += bundle_problems(installation.certificate)
            if installation.ca_file is not None and not installation.ca_file.is_file():
                problems.append(f"the CA file {installation.ca_file} does not exist")
        if problems:
            raise CommandError("; ".join(problems))
        return installation
