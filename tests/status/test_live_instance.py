"""The prober against a real installation: ``strongroom serve`` instances on the embedded
SQLite default, one behind HAProxy terminating TLS with a test CA, one whose cache (Redis) is
unreachable. The real ``/readyz`` answers decide the components; when the instance stops,
every component is down and the page is still written."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from strongroom.platform.status import runner
from strongroom.platform.status.config import StatusConfig
from strongroom.platform.status.probe import APPLICATION, CACHE, DATABASE, KEY_STORE, WEB
from tests.backups.installation import Installation
from tests.backups.servers import free_port, wait_for_port
from tests.backups.test_sync_standby_api import stop_server, wait_for_health
from tests.status.certs import Tls, issue

pytestmark = pytest.mark.sqlite_only  # a whole installation of its own


@dataclass
class Site:
    installation: Installation
    healthy: subprocess.Popen[bytes]
    healthy_url: str
    no_cache_url: str
    public_url: str
    tls: Tls


def serve(installation: Installation, log: Path, **overrides: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - this interpreter, our own CLI
            [sys.executable, "-m", "strongroom.project.cli", "serve",
             "--host", "127.0.0.1", "--port", str(port), "--no-worker", "--workers", "1"],
            env=installation.env(**overrides), stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    wait_for_health(url, server, log)
    return server, url


def haproxy(directory: Path, tls: Tls, backend_port: int) -> tuple[subprocess.Popen, int]:
    """HAProxy terminating TLS on a free port, in front of one instance."""
    pem = directory / "haproxy.pem"
    pem.write_bytes(tls.cert.read_bytes() + tls.key.read_bytes())
    port = free_port()
    config = directory / "haproxy.cfg"
    config.write_text(
        "defaults\n  mode http\n  timeout connect 2s\n  timeout client 10s\n"
        "  timeout server 10s\n"
        f"frontend public\n  bind 127.0.0.1:{port} ssl crt {pem}\n  default_backend app\n"
        f"backend app\n  server app 127.0.0.1:{backend_port}\n"
    )
    process = subprocess.Popen(  # noqa: S603 - Debian's haproxy, our own configuration
        ["/usr/sbin/haproxy", "-db", "-f", str(config)],
        stdout=subprocess.DEVNULL, stderr=(directory / "haproxy.log").open("wb"),
        start_new_session=True,
    )
    wait_for_port(port, process=process)
    return process, port


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    base = tmp_path_factory.mktemp("status-live")
    installation = Installation(
        data_dir=base / "data", locations={},
        extra_env={"STRONGROOM_BACKUP_ENABLED": "false"},
    )
    installation.run("migrate", "--no-input")
    processes: list[subprocess.Popen] = []
    try:
        healthy, healthy_url = serve(installation, base / "healthy.log")
        processes.append(healthy)
        no_cache, no_cache_url = serve(
            installation, base / "no-cache.log",
            STRONGROOM_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
        )
        processes.append(no_cache)
        tls = issue(base / "tls")
        proxy, proxy_port = haproxy(base, tls, int(healthy_url.rsplit(":", 1)[1]))
        processes.append(proxy)
        yield Site(
            installation, healthy, healthy_url, no_cache_url, f"https://127.0.0.1:{proxy_port}",
            tls,
        )
    finally:
        for process in reversed(processes):
            stop_server(process)


def config(site: Site, tmp_path: Path, *instances: str, public: bool = True) -> StatusConfig:
    return StatusConfig(
        public_dir=tmp_path / "status" / "public",
        public_url=site.public_url if public else "",
        ca_file=str(site.tls.ca), instances=instances, timeout=5.0,
    )


def states(observations: list) -> dict[str, bool]:
    return {o.component: o.up for o in observations}


def test_a_healthy_installation_is_up_through_the_tls_proxy(site: Site, tmp_path: Path) -> None:
    found = runner.probe_once(config(site, tmp_path, site.healthy_url))
    assert states(found) == {
        WEB: True, APPLICATION: True, DATABASE: True, KEY_STORE: True, CACHE: True,
    }, [o.detail for o in found]


def test_an_unreachable_cache_is_named_by_the_real_readiness_answer(
    site: Site, tmp_path: Path
) -> None:
    found = runner.probe_once(config(site, tmp_path, site.no_cache_url, public=False))
    assert states(found) == {
        APPLICATION: False, DATABASE: True, KEY_STORE: True, CACHE: False,
    }, [o.detail for o in found]
    # The other instance reaches the cache: one is enough for the component to be up.
    both = runner.probe_once(
        config(site, tmp_path, site.no_cache_url, site.healthy_url, public=False)
    )
    assert all(states(both).values())


def test_a_stopped_instance_is_down_and_the_page_is_still_written(
    site: Site, tmp_path: Path
) -> None:
    status = config(site, tmp_path, site.healthy_url)
    runner.probe_once(status)
    stop_server(site.healthy)
    assert site.healthy.poll() is not None
    found = runner.probe_once(status)
    assert not any(states(found).values()), [o.detail for o in found]
    assert '"overall": "major_outage"' in (status.public_dir / "status.json").read_text()
    assert "Major outage" in (status.public_dir / "index.html").read_text()
