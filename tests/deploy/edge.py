"""A real HAProxy, rendered by ``strongroom.deploy`` for a throwaway installation on free ports,
in front of real HTTP servers on 127.0.0.1; and HTTPS requests to it that trust the throwaway
CA. Every process started here is stopped by whoever started it."""

from __future__ import annotations

import http.client
import json
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strongroom.deploy.installation import Installation
from strongroom.deploy.render import render
from strongroom.deploy.tls import ThrowawayCertificates, make_certificates
from strongroom.platform.backups.ports import free_port
from tests.backups.servers import wait_for_port

ROOT = Path(__file__).resolve().parents[2]
HAPROXY = "/usr/sbin/haproxy"




def stop(process: subprocess.Popen, *, kill: bool = False) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Edge:
    """HAProxy in front of the instances of ``installation``, all on 127.0.0.1."""

    installation: Installation
    certificates: ThrowawayCertificates
    directory: Path
    process: subprocess.Popen
    backends: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def https_port(self) -> int:
        return self.installation.https_port

    def request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None,
        body: bytes | None = None, source: str = "127.0.0.1", secure: bool = True,
    ) -> Answer:
        """One request from ``source`` (any 127.0.0.0/8 address), over HTTPS unless told."""
        connection: http.client.HTTPConnection
        if secure:
            context = ssl.create_default_context(cafile=str(self.certificates.ca_file))
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, context=context, timeout=10,
                source_address=(source, 0),
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.installation.http_port, timeout=10, source_address=(source, 0)
            )
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    def wait_until(self, predicate: Any, *, seconds: float = 15, what: str = "") -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.2)
        raise AssertionError(f"not within {seconds} s: {what}")


def start_backend(edge: Edge, name: str, port: int) -> None:
    (edge.directory / f"{name}.ready").touch()
    process = subprocess.Popen(  # noqa: S603 - this interpreter, the test's own server
        [sys.executable, "-m", "tests.deploy.backend", str(port), name, str(edge.directory)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    edge.backends[name] = process
    wait_for_port(port, process=process)


def installation_for(directory: Path, *, first_port: int, instances: int, **fields: Any) -> tuple[
    Installation, ThrowawayCertificates
]:
    """A throwaway installation under ``directory``: its certificates, status directory and
    rendered configuration (``directory/config``)."""
    certificates = make_certificates(directory / "tls")
    installation = Installation(
        public_host="127.0.0.1", data_dir=directory / "data", certificate=certificates.bundle,
        ca_file=certificates.ca_file, https_port=free_port(), http_port=free_port(),
        listen_address="127.0.0.1", instances=instances, first_port=first_port,
        proxy_user=None, config_dir=directory / "config", production=False,
        bin_dir=Path(sys.executable).parent, **fields,
    )
    installation.status_page_dir.mkdir(parents=True)
    render(installation, installation.config_dir)
    return installation, certificates


@contextmanager
def haproxy(
    installation: Installation, directory: Path, *, config: Path | None = None
) -> Iterator[subprocess.Popen]:
    """HAProxy running the rendered configuration (or ``config``) until the block ends."""
    config = config or installation.config_dir / "haproxy" / "haproxy.cfg"
    log = (directory / "haproxy.log").open("ab")
    process = subprocess.Popen(  # noqa: S603 - the machine's HAProxy, our configuration
        [HAPROXY, "-db", "-f", str(config)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(installation.https_port, process=process)
        wait_for_port(installation.http_port, process=process)
        yield process
    finally:
        stop(process)
        log.close()

SSLYZE = ROOT / ".venv-tls-scan" / "bin" / "python"


def scan(ca_file: Path, port: int, out: Path) -> tuple[subprocess.CompletedProcess, dict[str, Any]]:
    """sslyze's Mozilla intermediate check plus the HSTS header scan of 127.0.0.1:``port``,
    trusting the CA in ``ca_file``."""
    assert SSLYZE.exists(), f"{SSLYZE} is missing: scripts/system-deps.sh installs it"
    result = subprocess.run(  # noqa: S603 - the scanner, fixed arguments
        [
            str(SSLYZE), "-m", "sslyze", "--mozilla_config=intermediate", "--http_headers",
            "--certinfo_ca_file", str(ca_file), "--json_out", str(out),
            f"127.0.0.1:{port}",
        ],
        capture_output=True, text=True, timeout=180, check=False,
    )
    results = json.loads(out.read_text())["server_scan_results"]
    assert len(results) == 1
    assert results[0]["scan_status"] == "COMPLETED", result.stdout[-2000:]
    return result, results[0]["scan_result"]
