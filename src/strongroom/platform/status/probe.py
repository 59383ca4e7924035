"""The probes: the public endpoint through the proxy, and each local instance's ``/readyz``.

Each request has a short time limit and runs in a thread of its own; whatever has not
answered by the deadline counts as down, so a probe never hangs and never reports "up" for a
target it could not reach. Components and what decides them:

- **Web**: ``GET <public URL>/healthz`` answers 200, over TLS with a certificate the prober
  trusts (the system's store, or ``ca_file``);
- **Application**: ``GET <public URL>/readyz`` answers 200 (without a public URL: any local
  instance's ``/readyz`` does);
- **Database**, **Key store**, **Cache**: up when a local instance's readiness answer (which
  names failing checks to this machine only) shows that check passing. An instance that does
  not answer, or answers without naming its checks, is no evidence either way; with no
  evidence at all the component is down.

The public page learns only up or down; the details are for the operator's log.
"""

from __future__ import annotations

import http.client
import json
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from strongroom.platform.status.config import StatusConfig

WEB = "Web"
APPLICATION = "Application"
DATABASE = "Database"
KEY_STORE = "Key store"
CACHE = "Cache"
COMPONENTS = (WEB, APPLICATION, DATABASE, KEY_STORE, CACHE)
# Readiness checks (platform/readiness.py) -> the public component they speak for. Other
# checks (migrations, draining) make an instance unready without speaking for a component.
READINESS_COMPONENTS = {"database": DATABASE, "key_store": KEY_STORE, "cache": CACHE}

MAX_BODY = 64 * 1024
GRACE_SECONDS = 1.0  # beyond the per-request limit, before an unfinished request is abandoned
USER_AGENT = "strongroom-status-probe"


@dataclass(frozen=True)
class Answer:
    """One HTTP exchange: the status code (``None``: no answer), the body and how long."""

    status: int | None
    body: bytes
    latency_ms: int
    error: str = ""

    def describe(self) -> str:
        return f"HTTP {self.status}" if self.status is not None else self.error


@dataclass(frozen=True)
class Observation:
    """What one probe found for one component; ``detail`` is never published."""

    component: str
    up: bool
    latency_ms: int | None
    detail: str


def fetch(url: str, *, timeout: float, ca_file: str = "") -> Answer:
    """``GET url`` once, without following redirects; any failure is an answer with no status."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    start = time.monotonic()
    connection: http.client.HTTPConnection
    try:
        if parts.scheme == "https":
            context = ssl.create_default_context(cafile=ca_file or None)
            connection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=timeout, context=context
            )
        elif parts.scheme == "http":
            connection = http.client.HTTPConnection(
                parts.hostname or "", parts.port, timeout=timeout
            )
        else:
            return Answer(None, b"", 0, f"not an http(s) URL: {url}")
        try:
            connection.request(
                "GET", path, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
            )
            response = connection.getresponse()
            body = response.read(MAX_BODY)
            status = response.status
        finally:
            connection.close()
    except ssl.SSLCertVerificationError as error:
        return Answer(None, b"", _since(start), f"certificate refused: {error.verify_message}")
    except (OSError, http.client.HTTPException, ValueError) as error:
        return Answer(None, b"", _since(start), f"{type(error).__name__}: {error}")
    return Answer(status, body, _since(start))


def _since(start: float) -> int:
    return round((time.monotonic() - start) * 1000)


def fetch_all(urls: Mapping[str, str], *, timeout: float, ca_file: str = "") -> dict[str, Answer]:
    """Every URL at once, each in a daemon thread; by ``timeout`` + a grace period every one
    has answered or is reported as timed out (its thread is left to die with the process)."""
    answers: dict[str, Answer] = {}
    lock = threading.Lock()

    def run(key: str, url: str) -> None:
        answer = fetch(url, timeout=timeout, ca_file=ca_file)
        with lock:
            answers[key] = answer

    threads = [
        threading.Thread(target=run, args=(key, url), daemon=True, name=f"status-probe-{key}")
        for key, url in urls.items()
    ]
    deadline = time.monotonic() + timeout + GRACE_SECONDS
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    with lock:
        late = round((timeout + GRACE_SECONDS) * 1000)
        return {
            key: answers.get(key, Answer(None, b"", late, f"no answer within {timeout:g} s"))
            for key in urls
        }


def readiness_failing(answer: Answer) -> dict[str, str] | None:
    """The failing checks a readiness answer names ({} when ready); ``None`` when it says
    nothing usable (no answer, another status, no details)."""
    if answer.status not in (200, 503):
        return None
    try:
        document = json.loads(answer.body)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    if answer.status == 200:
        return {} if document.get("status") == "ready" else None
    failing = document.get("failing")
    if not isinstance(failing, dict):
        return None
    return {str(name): str(problem) for name, problem in failing.items()}


def probe(config: StatusConfig) -> list[Observation]:
    """Probe everything ``config`` names, once; one observation per component."""
    urls: dict[str, str] = {}
    if config.public_url:
        urls["healthz"] = f"{config.public_url}/healthz"
        urls["readyz"] = f"{config.public_url}/readyz"
    for number, instance in enumerate(config.instances):
        urls[f"instance-{number}"] = f"{instance}/readyz"
    if not urls:
        return []
    answers = fetch_all(urls, timeout=config.timeout, ca_file=config.ca_file)
    found: list[Observation] = []
    if config.public_url:
        for component, key in ((WEB, "healthz"), (APPLICATION, "readyz")):
            answer = answers[key]
            found.append(
                Observation(component, answer.status == 200, answer.latency_ms, answer.describe())
            )
    local = [(url, answers[f"instance-{n}"]) for n, url in enumerate(config.instances)]
    if local and not config.public_url:
        ready = [answer for _, answer in local if answer.status == 200]
        found.append(Observation(
            APPLICATION, bool(ready), min(a.latency_ms for _, a in local),
            "; ".join(f"{url}: {answer.describe()}" for url, answer in local),
        ))
    if local:
        found.extend(_dependencies(local))
    return found


def _dependencies(local: list[tuple[str, Answer]]) -> list[Observation]:
    """Database, key store and cache, from what the local instances' readiness answers name."""
    evidence = [
        (url, answer, failing) for url, answer in local
        if (failing := readiness_failing(answer)) is not None
    ]
    found = []
    for check, component in READINESS_COMPONENTS.items():
        passing = [(url, answer) for url, answer, failing in evidence if check not in failing]
        if passing:
            found.append(Observation(component, True, passing[0][1].latency_ms, "ready"))
        elif evidence:
            problems = "; ".join(f"{url}: {failing[check]}" for url, _, failing in evidence)
            found.append(Observation(component, False, evidence[0][1].latency_ms, problems))
        else:
            unknown = "; ".join(f"{url}: {answer.describe()}" for url, answer in local)
            found.append(Observation(component, False, None, f"no instance says: {unknown}"))
    return found
