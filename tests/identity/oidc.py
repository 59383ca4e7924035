"""A real OpenID Connect provider for the SSO tests: npm's oidc-provider, run by Node on
127.0.0.1 (tests/identity/oidc_provider), and a small user agent that signs in on its form.

``scripts/test.sh`` installs the provider with ``npm ci``; the fixture does the same when the
folder has not been installed yet, and fails (never skips) when Node is missing.
"""

from __future__ import annotations

import base64
import hashlib
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

FOLDER = Path(__file__).with_name("oidc_provider")
CLIENT_SECRET = "test-client-secret-" + "x" * 24


def signing_keys() -> dict[str, Any]:
    """A fresh RSA key set (private parts included) for the provider to sign with."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key))
    jwk.update(kid=secrets.token_hex(8), use="sig", alg="RS256")
    return {"keys": [jwk]}


def _ensure_installed() -> str:
    node = shutil.which("node")
    assert node, "Node.js is needed for the OpenID Connect provider (apt-get install nodejs)"
    if not (FOLDER / "node_modules" / "oidc-provider").is_dir():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install the test OpenID Connect provider"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FOLDER, check=True)  # noqa: S603
    return node


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RunningProvider:
    issuer: str
    clients: dict[str, str]  # client id -> secret


@contextmanager
def provider(
    *, redirect_uris: list[str], users: dict[str, dict[str, Any]], keys: dict[str, Any],
    client_ids: tuple[str, ...] = ("strongroom", "other-app"),
) -> Iterator[RunningProvider]:
    """Run one provider instance until the block ends."""
    node = _ensure_installed()
    port = _free_port()
    clients = [
        {"client_id": cid, "client_secret": CLIENT_SECRET, "redirect_uris": redirect_uris,
         "token_endpoint_auth_method": "client_secret_basic"}
        for cid in client_ids
    ]
    env = {**os.environ, "PORT": str(port), "CLIENTS": json.dumps(clients),
           "JWKS": json.dumps(keys), "USERS": json.dumps(users)}
    process = subprocess.Popen(  # noqa: S603
        [node, "server.mjs"], cwd=FOLDER, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )
    try:
        assert process.stdout is not None
        seen = []
        for line in process.stdout:  # warnings first (in-memory store, Node version), then ready
            seen.append(line)
            if line.startswith("ready") or len(seen) > 20:
                break
        assert seen, "provider printed nothing"
        assert seen[-1].startswith("ready"), f"provider did not start: {seen}"
        yield RunningProvider(f"http://127.0.0.1:{port}", {c: CLIENT_SECRET for c in client_ids})
    finally:
        process.terminate()
        process.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def sign_in_at_provider(url: str, *, subject: str, mfa: bool = False, stop_at: str) -> str:
    """Follow ``url`` through the provider's sign-in form as ``subject``; returns the URL the
    provider finally sends the browser to (starting with ``stop_at``)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
    )
    data: bytes | None = None
    for _ in range(12):
        if url.startswith(stop_at):
            return url
        try:
            response = opener.open(urllib.request.Request(url, data=data), timeout=10)  # noqa: S310
        except urllib.error.HTTPError as exc:
            if exc.code not in (302, 303):
                detail = exc.read()[:500]
                raise AssertionError(f"provider answered {exc.code}: {detail!r}") from None
            url, data = urllib.parse.urljoin(url, exc.headers["Location"]), None
            continue
        page = response.read().decode()
        action = re.search(r'<form method="post" action="([^"]+)"', page)
        assert action, f"no sign-in form at {url}: {page[:300]}"
        url = urllib.parse.urljoin(url, action.group(1))
        fields = {"subject": subject, **({"mfa": "1"} if mfa else {})}
        data = urllib.parse.urlencode(fields).encode()
    raise AssertionError("too many redirects at the provider")


def token_for(
    running: RunningProvider, *, client_id: str, redirect_uri: str, subject: str, nonce: str,
) -> str:
    """An ID token the provider issues to ``client_id`` (as another application would get)."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(
        hashlib.sha256(verifier.encode()).digest()
    ).rstrip(b"=").decode()
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri,
        "scope": "openid email", "state": "s", "nonce": nonce, "code_challenge": challenge,
        "code_challenge_method": "S256",
    })
    back = sign_in_at_provider(
        f"{running.issuer}/auth?{query}", subject=subject, stop_at=redirect_uri
    )
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(back).query)["code"][0]
    body = urllib.parse.urlencode({
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }).encode()
    request = urllib.request.Request(f"{running.issuer}/token", data=body)  # noqa: S310
    pair = base64.b64encode(f"{client_id}:{CLIENT_SECRET}".encode()).decode()
    request.add_header("Authorization", f"Basic {pair}")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return str(json.loads(response.read())["id_token"])
