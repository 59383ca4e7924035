"""The local stack's Patroni configuration (the production template rendered with the stack's
values for a node) and its Prometheus configuration (the stack's fault tests in tests/stack/ run
them for real)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from strongroom.deploy.installation import Installation
from strongroom.deploy.stack import app, postgres, prometheus, proxy

PASSWORDS = postgres.Passwords(
    superuser="su-1f0a", replication="re-2b9c", rewind="rw-3d8e", app="ap-4e7f", restapi="ra-5a6b"
)


def rendered(tmp_path: Path, *, strict: bool = False) -> str:
    node = postgres.Node(name="pg1", pg_port=21001, rest_port=21002, home=tmp_path / "pg1")
    return postgres.render_config(node, etcd_port=21003, strict=strict)


def test_every_value_is_filled_in(tmp_path: Path) -> None:
    text = rendered(tmp_path)
    assert not re.search(r"\{[a-z_]+\}|<<missing", text)
    assert 'listen: "127.0.0.1:21001"' in text
    assert 'listen: "127.0.0.1:21002"' in text
    assert '  hosts:\n    - "127.0.0.1:21003"\n' in text
    assert f"data_dir: {tmp_path / 'pg1' / 'data'}" in text
    assert "archive_command" not in text


def test_no_password_in_the_file_and_all_in_its_environment(tmp_path: Path) -> None:
    text = rendered(tmp_path)
    secrets = postgres.patroni_secrets(PASSWORDS)
    for password in ("su-1f0a", "re-2b9c", "rw-3d8e", "ra-5a6b"):
        assert password not in text
        assert password in secrets
    assert "PATRONI_SUPERUSER_PASSWORD=su-1f0a\n" in secrets
    assert "PATRONI_RESTAPI_PASSWORD=ra-5a6b\n" in secrets
    assert "ap-4e7f" not in secrets  # the app's role is created by the stack, not Patroni


def test_synchronous_replication_and_rewind(tmp_path: Path) -> None:
    text = rendered(tmp_path)
    assert "    synchronous_mode: true\n" in text
    assert "    synchronous_mode_strict: false\n" in text
    assert "    synchronous_mode_strict: true\n" in rendered(tmp_path, strict=True)
    assert "      use_pg_rewind: true\n" in text
    assert 'synchronous_commit: "on"' in text


def test_a_dead_primary_is_replaced_within_the_ttl(tmp_path: Path) -> None:
    text = rendered(tmp_path)
    assert f"    ttl: {postgres.TTL}\n" in text
    # Patroni's rule: a node must be able to retry within its leader key's lifetime.
    assert postgres.LOOP_WAIT + 2 * postgres.RETRY_TIMEOUT <= postgres.TTL <= 15


def test_connections_only_from_the_loopback_address(tmp_path: Path) -> None:
    text = rendered(tmp_path)
    hba = [line.strip() for line in text.splitlines() if line.strip().startswith("- host")]
    assert hba
    assert all(" 127.0.0.1/32 scram-sha-256" in line for line in hba)
    assert "- host replication replicator 127.0.0.1/32 scram-sha-256" in hba


def test_multi_host_url_lists_every_node(tmp_path: Path) -> None:
    nodes = [postgres.Node(name=f"pg{n}", pg_port=21000 + n, rest_port=0, home=tmp_path)
             for n in (1, 2)]
    url = postgres.database_url(nodes, user="app", password="pw", name="strongroom")
    assert url == ("postgres://app:pw@127.0.0.1:21001,127.0.0.1:21002/strongroom"
                   "?target_session_attrs=read-write&connect_timeout=3")


def test_prometheus_reads_the_stack_token_and_scrapes_every_few_seconds(tmp_path: Path) -> None:
    described = proxy.installation(tmp_path, first_port=21010, instances=2)
    token = app.write_secret(app.metrics_token_file(tmp_path), "t" * 48)
    assert described.metrics_token == token
    config = described.config_dir / "prometheus" / "prometheus.yml"
    text = config.read_text()
    assert f"credentials_file: {token}\n" in text
    assert f"  scrape_interval: {prometheus.SCRAPE_SECONDS}s\n" in text
    assert f"  evaluation_interval: {prometheus.SCRAPE_SECONDS}s\n" in text
    assert "- 127.0.0.1:21010\n" in text
    assert "- 127.0.0.1:21011\n" in text
    assert (config.parent / "alerts.yml").is_file()
    checked = subprocess.run(  # noqa: S603 - Prometheus's own checker
        ["/usr/bin/promtool", "check", "config", str(config)],
        capture_output=True, text=True, check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_scrape_interval_is_checked(tmp_path: Path) -> None:
    described = Installation(public_host="records.example.com", data_dir=tmp_path,
                             certificate=tmp_path / "bundle.pem", scrape_seconds=0)
    assert "Prometheus's scrape interval must be 1 to 300 seconds" in described.problems()
