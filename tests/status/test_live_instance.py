"""The prober against a real installation: ``strongroom serve`` instances on the embedded
SQLite default, one behind the HAProxy that ``strongroom deploy render`` configures (TLS with a
throwaway CA, the status page served from the status directory), one whose cache (Redis) is
unreachable. The real ``/readyz`` answers decide the components; when the instance stops,
every component is down, and HAProxy still serves the page the prober wrote, saying so."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from strongroom.platform.status import runner
from strongroom.platform.status.config import StatusConfig
from strongroom.platform.status.probe import APPLICATION, CACHE, DATABASE, KEY_STORE, WEB
from tests.backups.installation import Installation
from tests.backups.servers import free_port
from tests.backups.test_sync_standby_api import stop_server, wait_for_health
from tests.deploy.edge import Edge, haproxy, installation_for
from tests.status.helpers import parse

pytestmark = pytest.mark.sqlite_only  # a whole installation of its own


@dataclass
class Site:
    healthy: subprocess.Popen[bytes]
    healthy_url: str
    no_cache_url: str
    edge: Edge

    @property
    def public_url(self) -> str:
        return f"https://127.0.0.1:{self.edge.https_port}"


def serve(
    installation: Installation, log: Path, port: int, **overrides: str
) -> tuple[subprocess.Popen, str]:
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - this interpreter, our own CLI
            [sys.executable, "-m", "strongroom.project.cli", "serve",
             "--host", "127.0.0.1", "--port", str(port), "--no-worker", "--workers", "1"],
            env=installation.env(**overrides), stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, server, log)
    except BaseException:
        stop_server(server)
        raise
    return server, url


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    base = tmp_path_factory.mktemp("status-live")
    app = Installation(
        data_dir=base / "data", locations={}, extra_env={"STRONGROOM_BACKUP_ENABLED": "false"},
    )
    app.run("migrate", "--no-input")
    with ExitStack() as stack:
        port = free_port()
        healthy, healthy_url = serve(app, base / "healthy.log", port)
        stack.callback(stop_server, healthy)
        no_cache, no_cache_url = serve(
            app, base / "no-cache.log", free_port(),
            STRONGROOM_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
        )
        stack.callback(stop_server, no_cache)
        deployed, certificates = installation_for(base / "edge", first_port=port, instances=1)
        proxy = stack.enter_context(haproxy(deployed, base / "edge"))
        edge = Edge(deployed, certificates, base / "edge", proxy)
        edge.wait_until(lambda: edge.request("GET", "/readyz").status == 200, what="in rotation")
        yield Site(healthy, healthy_url, no_cache_url, edge)


def config(site: Site, tmp_path: Path, *instances: str, public: bool = True) -> StatusConfig:
    return StatusConfig(
        public_dir=tmp_path / "status" / "public",
        public_url=site.public_url if public else "",
        ca_file=str(site.edge.certificates.ca_file), instances=instances, timeout=5.0,
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


def test_a_stopped_instance_is_down_and_haproxy_still_serves_the_page(
    site: Site, tmp_path: Path
) -> None:
    served = replace(
        config(site, tmp_path, site.healthy_url),
        public_dir=site.edge.installation.status_page_dir,
    )
    runner.probe_once(served)
    page = site.edge.request("GET", "/status/")
    assert page.status == 200
    assert "All systems operational" in parse(page.body.decode()).text

    stop_server(site.healthy)
    assert site.healthy.poll() is not None
    found = runner.probe_once(served)
    assert not any(states(found).values()), [o.detail for o in found]
    page = site.edge.request("GET", "/status/")
    assert page.status == 200
    assert "Major outage" in parse(page.body.decode()).text
    document = site.edge.request("GET", "/status.json").json()
    assert document["overall"] == "major_outage"
    assert document["incidents"]["open"][0]["kind"] == "automatic"
