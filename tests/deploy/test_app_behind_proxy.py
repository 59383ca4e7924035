"""A real Strongroom instance in production mode (``strongroom serve --no-worker``) behind the
rendered HAProxy: the app sees HTTPS and the client's own address, and whatever a client sends
in those headers is replaced; its pages and API answers carry the browser policies and are not
stored when they hold an account's or a company's data (as tests/project/test_security_headers.py
checks under the development settings)."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from strongroom.platform.backups.ports import free_port
from tests.backups.installation import Installation as AppInstallation
from tests.backups.installation import issue_key_code
from tests.backups.servers import wait_for_port
from tests.deploy.edge import Answer, Edge, haproxy, installation_for, stop
from tests.project.test_security_headers import (
    assert_content_policy,
    assert_download_policy,
    assert_not_stored,
    assert_permissions_policy,
)
from tests.test_settings import production

pytestmark = pytest.mark.sqlite_only  # a whole installation on SQLite: once is enough

PASSWORD = "correct-horse-battery-staple-4711"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Served:
    edge: Edge
    app: AppInstallation
    port: int
    api_key: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    directory = tmp_path_factory.mktemp("app")
    with mail_sink() as mail_port:
        port = free_port()
        installation, certificates = installation_for(directory, first_port=port, instances=1)
        app = AppInstallation(
            data_dir=directory / "app-data",
            locations={"local": str(directory / "b1"), "second": str(directory / "b2")},
            extra_env=production(
                STRONGROOM_ALLOWED_HOSTS="127.0.0.1",
                STRONGROOM_CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{installation.https_port}",
                STRONGROOM_BACKUP_LOCATIONS=f"local={directory / 'b1'},second={directory / 'b2'}",
                STRONGROOM_EMAIL_PORT=str(mail_port), STRONGROOM_EMAIL_USE_TLS="false",
            ),
        )
        app.run("migrate")
        app.run("createoperator", "--email", "ops@example.com", "--name", "Ops",
                STRONGROOM_OPERATOR_PASSWORD=PASSWORD)
        app.run("company", "create", "--slug", "fjord", "--name", "Fjord AS", "--country", "NO",
                "--region", "eu-north", "--currency", "NOK", "--owner-email", "owner@fjord.test")
        api_key = app.shell(
            issue_key_code(company="fjord", email="owner@fjord.test", name="Headers")
        )
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
                    lambda: _request(edge, "GET", "/readyz").status == 200, seconds=30,
                    what="the instance in rotation",
                )
                yield Served(edge, app, port, api_key)
        finally:
            stop(process)
            log.close()


@contextmanager
def mail_sink() -> Iterator[int]:
    """An SMTP server on 127.0.0.1 that takes every message and drops it (the notice of a
    sign-in from a new device); its port."""
    from aiosmtpd.controller import Controller

    class Drop:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            return "250 Message accepted"

    port = free_port()
    controller = Controller(Drop(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


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



def _request(edge: Edge, method: str, path: str, **options: Any) -> Answer:
    """``edge.request``, sent again while the proxy itself answers 503 because its health check
    took the one instance out on a loaded machine (it never reached the app, so resending a
    write is safe); for at most 20 s, so an instance that stays down still fails the test."""
    deadline = time.monotonic() + 20
    while True:
        answer = edge.request(method, path, **options)
        unavailable = answer.status == 503 and b"No server is available" in answer.body
        if not unavailable or time.monotonic() > deadline:
            return answer
        time.sleep(0.5)


def test_the_app_sees_https_through_the_proxy(served: Served) -> None:
    # Straight to the instance, plain HTTP: production redirects to HTTPS.
    direct = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    direct.request("GET", "/accounts/login/", headers={"Host": "127.0.0.1"})
    assert direct.getresponse().status == 301
    direct.close()
    # Through the proxy, even with a client claiming plain HTTP: the page itself, with the
    # cookies only a secure request gets.
    page = _request(served.edge, "GET", "/accounts/login/", headers={"X-Forwarded-Proto": "http"})
    assert page.status == 200, page.body[:500]
    cookies = page.headers.get_all("Set-Cookie") or []
    csrf = [cookie for cookie in cookies if cookie.startswith("__Host-strongroom-csrf=")]
    assert csrf
    assert "Secure" in csrf[0]
    assert page.headers["Strict-Transport-Security"].startswith("max-age=63072000")


def test_the_app_records_the_clients_address_not_a_forged_one(served: Served) -> None:
    edge = served.edge
    page = _request(edge, "GET", "/accounts/login/", source="127.0.0.2")
    token = CSRF_FIELD.search(page.body.decode())
    assert token is not None
    cookie = next(
        header.split(";")[0] for header in page.headers.get_all("Set-Cookie") or []
        if header.startswith("__Host-strongroom-csrf=")
    )
    origin = f"https://127.0.0.1:{edge.https_port}"
    answer = _request(edge,
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
    assert _request(served.edge, "GET", "/readyz").json() == {"status": "ready"}


def _form_login(edge: Edge, email: str, password: str) -> str:
    """Sign in with a password through the proxy; the session cookie header."""
    page = _request(edge, "GET", "/accounts/login/")
    token = CSRF_FIELD.search(page.body.decode())
    assert token is not None
    csrf = _cookie(page, "__Host-strongroom-csrf")
    origin = f"https://127.0.0.1:{edge.https_port}"
    answer = _request(edge,
        "POST", "/accounts/login/",
        body=urllib.parse.urlencode({
            "csrfmiddlewaretoken": token.group(1), "login": email, "password": password,
        }).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": csrf,
            "Origin": origin, "Referer": f"{origin}/accounts/login/",
        },
    )
    assert answer.status == 302, answer.body[:500]
    return f"{csrf}; {_cookie(answer, '__Host-strongroom-session')}"


def _cookie(answer: Answer, name: str) -> str:
    return next(
        header.split(";")[0] for header in answer.headers.get_all("Set-Cookie") or []
        if header.startswith(f"{name}=")
    )


def test_production_pages_carry_the_policies(served: Served) -> None:
    edge = served.edge
    for path in ("/accounts/login/", "/no-such-page/"):
        answer = _request(edge, "GET", path)
        assert answer.status in (200, 404), path
        assert_content_policy(answer.headers)
        assert_permissions_policy(answer.headers)
    # A signed-in session (the operator, who must enrol a second factor first): its pages,
    # the enrolment page with its QR code image among them, are not stored.
    cookies = _form_login(edge, "ops@example.com", PASSWORD)
    for path in ("/accounts/2fa/totp/activate/", "/ops/"):
        answer = _request(edge, "GET", path, headers={"Cookie": cookies})
        assert answer.status in (200, 302), path
        assert_content_policy(answer.headers)
        assert_permissions_policy(answer.headers)
        assert_not_stored(answer.headers)
    enrolment = _request(edge, "GET", "/accounts/2fa/totp/activate/", headers={"Cookie": cookies})
    assert b'src="data:image/svg+xml' in enrolment.body


def test_production_api_answers_are_not_stored(served: Served) -> None:
    edge, api = served.edge, "/api/v1/companies/fjord"
    auth = {"Authorization": f"Bearer {served.api_key}"}
    created = _request(edge,
        "POST", f"{api}/organisations", body=json.dumps({"name": "Initech AS", "country": "NO"})
        .encode(), headers={**auth, "Content-Type": "application/json"},
    )
    assert created.status == 201, created.body[:500]
    boundary = "headers-test-boundary"
    upload = _request(edge,
        "POST", f"{api}/documents",
        body=(
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"minutes.txt\"\r\nContent-Type: text/plain\r\n\r\n"
            f"Minutes of the board.\r\n--{boundary}--\r\n"
        ).encode(),
        headers={**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert upload.status == 201, upload.body[:500]
    answers = {
        "create": created,
        "upload": upload,
        "list": _request(edge, "GET", f"{api}/organisations", headers=auth),
        "one": _request(edge, "GET", f"{api}/organisations/{created.json()['id']}", headers=auth),
        "not found": _request(edge,
            "GET", f"{api}/organisations/00000000-0000-4000-8000-000000000000", headers=auth
        ),
        "no key": _request(edge, "GET", f"{api}/organisations"),
    }
    assert {name: answer.status for name, answer in answers.items()} == {
        "create": 201, "upload": 201, "list": 200, "one": 200, "not found": 404, "no key": 401,
    }
    assert answers["not found"].headers["Content-Type"] == "application/problem+json"
    for answer in answers.values():
        assert_content_policy(answer.headers)
        assert_permissions_policy(answer.headers)
        assert_not_stored(answer.headers)
    download = _request(edge, "GET", f"{api}/documents/{upload.json()['id']}/content", headers=auth)
    assert download.status == 200
    assert download.body == b"Minutes of the board."
    assert_download_policy(download.headers)
    assert_permissions_policy(download.headers)
    assert_not_stored(download.headers)
