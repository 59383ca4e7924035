"""Concurrent API clients for the fault tests: threads with http.client over TLS (trusting
the stack's CA), each writing contact persons and reading them back through the proxy, every
write under an Idempotency-Key of its own."""

from __future__ import annotations

import http.client
import json
import ssl
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

TIMEOUT = 10.0


@dataclass
class Outcome:
    """One logical request: when it started and ended, and what came of it."""

    kind: str
    started: float
    ended: float = 0.0
    ok: bool = False
    id: str = ""
    attempts: int = 0
    error: str = ""


@dataclass
class Load:
    """``clients`` threads alternating a write and a read until stopped. With ``retry``, a
    failed request is sent again (a write with the same Idempotency-Key) until it succeeds or
    ``retry_seconds`` pass."""

    url: str
    ca_file: str
    api_key: str
    organisation: str
    company: str = "faults"
    clients: int = 16
    retry: bool = False
    retry_seconds: float = 45.0
    outcomes: list[Outcome] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> Load:
        for number in range(self.clients):
            thread = threading.Thread(target=self._client, args=(number,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.retry_seconds + TIMEOUT * 2)
        assert not any(thread.is_alive() for thread in self._threads), "a client hung"

    def acknowledged(self) -> list[str]:
        with self._lock:
            return [o.id for o in self.outcomes if o.kind == "write" and o.ok]

    def failed(self, since: float = 0.0) -> list[Outcome]:
        with self._lock:
            return [o for o in self.outcomes if not o.ok and o.started >= since]

    def wait_for(self, writes: int, *, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while len(self.acknowledged()) < writes:
            assert time.monotonic() < deadline, (
                f"{len(self.acknowledged())} writes acknowledged; failures: "
                f"{[o.error for o in self.failed()[:5]]}"
            )
            time.sleep(0.1)

    def _client(self, number: int) -> None:
        session = Session(self.url, self.ca_file, self.api_key)
        sequence = 0
        while not self._stop.is_set():
            sequence += 1
            path = f"/api/v1/companies/{self.company}/contact-persons"
            body = {"organisation_id": self.organisation, "name": f"Load {number}-{sequence}",
                    "email": f"load{number}.{sequence}.{uuid.uuid4().hex[:8]}@stack.example"}
            self._run("write", session, "POST", path, body)
            self._run("read", session, "GET", f"{path}?page_size=5", None)

    def _run(self, kind: str, session: Session, method: str, path: str,
             body: dict[str, Any] | None) -> None:
        outcome = Outcome(kind=kind, started=time.monotonic())
        key = str(uuid.uuid4())
        while True:
            outcome.attempts += 1
            status, answer, error = session.request(method, path, body, key)
            if 200 <= status < 300:
                outcome.ok = True
                outcome.id = str(answer.get("id", "")) if kind == "write" else ""
                break
            outcome.error = error or f"{status}: {str(answer)[:200]}"
            if not self.retry or time.monotonic() - outcome.started > self.retry_seconds:
                break
            time.sleep(0.2)
        outcome.ended = time.monotonic()
        with self._lock:
            self.outcomes.append(outcome)


class Session:
    """One keep-alive HTTPS connection, opened again after any error."""

    def __init__(self, url: str, ca_file: str, api_key: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 443
        self.context = ssl.create_default_context(cafile=ca_file)
        self.api_key = api_key
        self.connection: http.client.HTTPSConnection | None = None

    def request(self, method: str, path: str, body: dict[str, Any] | None,
                key: str) -> tuple[int, dict[str, Any], str]:
        headers = {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers |= {"Content-Type": "application/json", "Idempotency-Key": key}
        try:
            if self.connection is None:
                self.connection = http.client.HTTPSConnection(
                    self.host, self.port, timeout=TIMEOUT, context=self.context
                )
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            return 0, {}, f"{type(exc).__name__}: {exc}"
        try:
            parsed = json.loads(raw) if raw else {}
        except ValueError:
            parsed = {"body": raw[:200].decode(errors="replace")}
        if response.status >= 500 or response.getheader("Connection", "") == "close":
            self.close()
        return response.status, parsed if isinstance(parsed, dict) else {"items": parsed}, ""

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
