"""A real Strongroom instance in production mode (``strongroom serve --no-worker``) behind the
rendered HAProxy: the app sees HTTPS and the client's own address, and whatever a client sends
in those headers is replaced."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from strongroom.platform.backups.ports import free_port
from tests.backups.installation import Installation as AppInstallation
from tests.backups.servers import wait_for_port
from tests.deploy.edge import Edge, haproxy, installation_for, stop
from tests.test_settings import production

pytestmark = pytest.mark.sqlite_only  # a whole installation on SQLite: once is enough

PASSWORD = "correct-horse-battery-staple-4711"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Served:
    edge: Edge
    app: AppInstallation
    port: int


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    directory = tmp_path_factory.mktemp("app")
    port = free_port()
    installation, certificates = installation_for(directory, first_port=port, instances=1)
    app = AppInstallation(
        data_dir=directory / "app-data",
        locations={"local": str(directory / "b1"), "second": str(directory / "b2")},
        extra_env=production(
            STRONGROOM_ALLOWED_HOSTS="127.0.0.1",
            STRONGROOM_CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{installation.https_port}",
            STRONGROOM_BACKUP_LOCATIONS=f"local={directory / 'b1'},second={directory / 'b2'}",
        ),
    )
    app.run("migrate")
    app.run("createoperator", "--email", "ops@example.com", "--name", "Ops",
            STRONGROOM_OPERATOR_PASSWORD=PASSWORD)
    log = (directory / "serve.log").open("ab")
    process = subprocess.Popen(  # noqa: S603 - this interpreter, the project's own CLI
        [sys.executable, "-m", "strongroom.project.cli", "serve", "--no-worker",
         "--port", str(port), "--workers", "2"],
        env=app.env(), stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, seconds=120, process=process)
        warm_up(port)  # the first request of a worker is slow: not the proxy's check's
        with haproxy(installation, directory) as proxy:
            edge = Edge(installation, certificates, directory, proxy)
            edge.wait_until(
                lambda: edge.request("GET", "/readyz").status == 200, seconds=30,
                what="the instance in rotation",
            )
            yield Served(edge, app, port)
    finally:
        stop(process)
        log.close()


def warm_up(port: int) -> None:
    """Wait until the instance answers /readyz directly with 200."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/readyz", headers={"Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.3)
    raise AssertionError("the instance is not ready after 60 s")


def test_the_app_sees_https_through_the_proxy(served: Served) -> None:
    # Straight to the instance, plain HTTP: production redirects to HTTPS.
    direct = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    direct.request("GET", "/accounts/login/", headers={"Host": "127.0.0.1"})
    assert direct.getresponse().status == 301
    direct.close()
    # Through the proxy, even with a client claiming plain HTTP: the page itself, with the
    # cookies only a secure request gets.
    page = served.edge.request("GET", "/accounts/login/", headers={"X-Forwarded-Proto": "http"})
    assert page.status == 200, page.body[:500]
    cookies = page.headers.get_all("Set-Cookie") or []
    csrf = [cookie for cookie in cookies if cookie.startswith("__Host-strongroom-csrf=")]
    assert csrf
    assert "Secure" in csrf[0]
    assert page.headers["Strict-Transport-Security"].startswith("max-age=63072000")


def test_the_app_records_the_clients_address_not_a_forged_one(served: Served) -> None:
    edge = served.edge
    page = edge.request("GET", "/accounts/login/", source="127.0.0.2")
    token = CSRF_FIELD.search(page.body.decode())
    assert token is not None
    cookie = next(
        header.split(";")[0] for header in page.headers.get_all("Set-Cookie") or []
        if header.startswith("__Host-strongroom-csrf=")
    )
    origin = f"https://127.0.0.1:{edge.https_port}"
    answer = edge.request(
        "POST", "/accounts/login/", source="127.0.0.2",
        body=urllib.parse.urlencode({
            "csrfmiddlewaretoken": token.group(1), "login": "ops@example.com",
            "password": "a wrong password",
        }).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
            "Origin": origin, "Referer": f"{origin}/accounts/login/",
            "X-Real-IP": "203.0.113.9", "X-Forwarded-For": "203.0.113.9",
        },
    )
    assert answer.status == 200  # the form again, with its error (CSRF passed: HTTPS seen)
    rows = served.app.sql(
        "SELECT ip FROM identity_securityevent WHERE tag LIKE '%fail%' ORDER BY id"
    )
    assert rows == [("127.0.0.2",)]


def test_the_proxys_health_check_passes_on_a_real_instance(served: Served) -> None:
    """HAProxy's check asks /readyz with the public host name (Django refuses requests for
    unknown hosts): the instance is up, so the proxy forwards to it."""
    config = (served.edge.installation.config_dir / "haproxy" / "haproxy.cfg").read_text()
    assert "http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1" in config
    assert served.edge.request("GET", "/readyz").json() == {"status": "ready"}
