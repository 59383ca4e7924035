"""Real targets for the status probes, on 127.0.0.1 and ports below 32768: an HTTP(S) server
whose answers a test sets per path (or withholds), and a port that accepts connections but
never answers."""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from strongroom.platform.backups.ports import free_port

HANG = -1  # a "status" that makes the server hold the request without answering


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, port: int, context: ssl.SSLContext | None) -> None:
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.hits: dict[str, int] = {}
        self.release = threading.Event()
        self.context = context
        super().__init__(("127.0.0.1", port), _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        if self.context is not None:  # the handshake happens in the request's own thread
            connection = self.context.wrap_socket(
                connection, server_side=True, do_handshake_on_connect=False
            )
        return connection, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Refused handshakes and clients that give up are expected here: no traceback."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        server = self.server
        server.hits[self.path] = server.hits.get(self.path, 0) + 1
        status, body = server.routes.get(self.path, (404, b'{"status": "not found"}'))
        if status == HANG:
            server.release.wait(30)
            return
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


class Target:
    """A running server; ``answer(path, status, body)`` sets what it says."""

    def __init__(self, server: _Server, scheme: str) -> None:
        self.server = server
        self.url = f"{scheme}://127.0.0.1:{server.server_address[1]}"

    def answer(self, path: str, status: int, body: Any = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body or {}).encode()
        self.server.routes[path] = (status, data)

    def ready(self) -> None:
        """Answer ``/healthz`` and ``/readyz`` as a healthy instance does."""
        self.answer("/healthz", 200, {"status": "ok"})
        self.answer("/readyz", 200, {"status": "ready"})

    def not_ready(self, failing: dict[str, str]) -> None:
        """``/readyz`` as an instance answers a probe on its own machine when checks fail."""
        self.answer("/readyz", 503, {"status": "not ready", "failing": failing})

    def hits(self, path: str) -> int:
        return self.server.hits.get(path, 0)


@contextmanager
def serving(*, cert: Path | None = None, key: Path | None = None) -> Iterator[Target]:
    """An HTTP server, or HTTPS with ``cert`` and ``key``, stopped when the block ends."""
    context = None
    if cert is not None and key is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
    server = _Server(free_port(), context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Target(server, "https" if context else "http")
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(10)


@contextmanager
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    listener = socket.socket()
    try:
        listener.bind(("127.0.0.1", free_port()))
        listener.listen(16)
        yield listener.getsockname()[1]
    finally:
        listener.close()


@contextmanager
def counting_port() -> Iterator[list[int]]:
    """A port that counts the connections made to it and closes each at once: a database
    there is unreachable, and the count shows whether anything tried. Yields [port, count]."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", free_port()))
    listener.listen(16)
    listener.settimeout(0.2)
    state = [listener.getsockname()[1], 0]
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            state[1] += 1
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        thread.join(5)
        listener.close()
