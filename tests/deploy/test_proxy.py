"""The rendered HAProxy, running, in front of two instances: what it forwards and what it
never does, health checks, redispatch, and the status page it serves by itself."""

from __future__ import annotations

import time

import pytest

from tests.deploy.conftest import both_serve, instances_answering
from tests.deploy.edge import Edge, start_backend, stop

pytestmark = pytest.mark.sqlite_only  # no database: once is enough


def test_plain_http_is_redirected_to_https_on_the_public_name(edge: Edge) -> None:
    answer = edge.request(
        "GET", "/c/acme/?page=2", secure=False, headers={"Host": "evil.example"}
    )
    assert answer.status == 301
    origin = f"https://127.0.0.1:{edge.https_port}"
    assert answer.headers["Location"] == f"{origin}/c/acme/?page=2"
    assert "Strict-Transport-Security" not in answer.headers  # meaningless over plain HTTP


def test_the_app_gets_https_and_the_client_address_never_the_clients_copies(edge: Edge) -> None:
    answer = edge.request("GET", "/who", source="127.0.0.2", headers={
        "X-Forwarded-Proto": "http", "X-Real-IP": "203.0.113.9",
        "X-Forwarded-For": "203.0.113.9", "Forwarded": "for=203.0.113.9;proto=http",
        "X-Forwarded-Ssl": "off", "X-Request-ID": "chosen-by-the-client",
    })
    assert answer.status == 200
    seen = answer.json()["headers"]
    assert seen["x-forwarded-proto"] == "https"
    assert seen["x-real-ip"] == "127.0.0.2"
    assert "forwarded" not in seen
    assert "x-forwarded-for" not in seen
    assert "x-forwarded-ssl" not in seen
    assert seen["x-request-id"] != "chosen-by-the-client"
    assert len(seen["x-request-id"]) == 36  # a UUID, as Strongroom's request ids allow
    assert answer.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"


def test_metrics_are_never_served_through_the_proxy(edge: Edge) -> None:
    for path in ("/metrics", "/metrics/", "/Metrics", "/%6detrics", "//metrics", "/metrics?x=1"):
        answer = edge.request("GET", path, headers={"Authorization": "Bearer anything"})
        assert answer.status == 404, path
        assert b"instance" not in answer.body, path  # never reached an instance
        assert answer.headers["Content-Security-Policy"].startswith("default-src 'none';")
        assert "camera=()" in answer.headers["Permissions-Policy"]


def test_a_draining_instance_gets_no_requests(edge: Edge) -> None:
    (edge.directory / "b.ready").unlink()  # b's /readyz now answers 503
    try:
        started = time.monotonic()
        edge.wait_until(
            lambda: instances_answering(edge, 4) == {"a"}, seconds=5, what="b out of rotation"
        )
        out_after = time.monotonic() - started
        assert out_after < 3.5, f"a draining instance kept getting requests for {out_after:.1f} s"
        answers = [edge.request(method, "/who", body=b"{}") for method in ("GET", "POST") * 10]
        assert {answer.json()["instance"] for answer in answers} == {"a"}
    finally:
        (edge.directory / "b.ready").touch()
        edge.wait_until(lambda: both_serve(edge), what="b back in rotation")


def test_requests_keep_succeeding_when_an_instance_is_killed(edge: Edge) -> None:
    stop(edge.backends["b"], kill=True)
    try:
        # At once, before any health check has noticed: connections to b are refused, and
        # HAProxy sends the request, GET or POST alike, to a instead.
        answers = [edge.request(method, "/who", body=b"{}") for method in ("GET", "POST") * 10]
        assert [answer.status for answer in answers] == [200] * 20
        assert {answer.json()["instance"] for answer in answers} == {"a"}
    finally:
        start_backend(edge, "b", edge.installation.app_ports[1])
        edge.wait_until(lambda: both_serve(edge), what="b back in rotation")


def test_the_status_page_is_served_with_every_instance_down(edge: Edge) -> None:
    status_dir = edge.installation.status_page_dir
    (status_dir / "index.html").write_text("<h1>All systems normal</h1>")
    (status_dir / "status.json").write_text('{"state": "ok"}')
    for name in ("a", "b"):
        (edge.directory / f"{name}.ready").unlink()
    try:
        edge.wait_until(
            lambda: edge.request("GET", "/who").status == 503, what="no instance in rotation"
        )
        page = edge.request("GET", "/status/")
        assert page.status == 200
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"
        assert page.body == b"<h1>All systems normal</h1>"
        assert page.headers["Strict-Transport-Security"].startswith("max-age=63072000")
        # Its inline style and script are the page's own policy's business (by hash, in a
        # meta element: tests/status/test_page_browser.py); the header forbids framing.
        policy = page.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy
        assert "default-src" not in policy
        assert "script-src" not in policy
        assert "camera=()" in page.headers["Permissions-Policy"]
        document = edge.request("GET", "/status.json")
        assert document.headers["Content-Type"] == "application/json"
        assert document.json() == {"state": "ok"}
        # A new version shows at once, without a reload.
        (status_dir / "status.json").write_text('{"state": "outage"}')
        assert edge.request("GET", "/status.json").json() == {"state": "outage"}
        assert edge.request("HEAD", "/status/").body == b""
        assert edge.request("POST", "/status.json", body=b"x").status == 405
    finally:
        for name in ("a", "b"):
            (edge.directory / f"{name}.ready").touch()
        edge.wait_until(lambda: both_serve(edge), what="both instances back")


@pytest.mark.parametrize("path", [
    "/status/../../../../etc/passwd", "/status/..%2f..%2f..%2fetc%2fpasswd",
    "/status/%2e%2e/%2e%2e/etc/hostname", "/status/secret.txt", "/status/index.html/..",
    "/status//etc/passwd",
])
def test_the_status_service_opens_nothing_but_its_two_files(edge: Edge, path: str) -> None:
    (edge.installation.status_page_dir / "secret.txt").write_text("not for the public")
    answer = edge.request("GET", path)
    assert answer.status == 404
    assert answer.body == b"Not found.\n"


def test_no_status_file_yet_is_an_honest_503(edge: Edge) -> None:
    document = edge.installation.status_page_dir / "status.json"
    saved = document.read_text() if document.exists() else None
    document.unlink(missing_ok=True)
    try:
        answer = edge.request("GET", "/status.json")
        assert answer.status == 503
        assert b"No status" in answer.body
    finally:
        if saved is not None:
            document.write_text(saved)
