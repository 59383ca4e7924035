"""An OpenID Connect relying party for the authorization code flow (P-A2).

Discovery, the authorization request (state, nonce, PKCE S256), the code exchange and the ID
token checks. ID tokens are verified with PyJWT against the provider's published keys even when
they come straight from the token endpoint; ``iss`` must be the configured issuer, ``aud`` must
contain our client id (``azp`` too when there are several audiences), and ``nonce`` must be the
one this browser's sign-in attempt sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import jwt
from django.core.cache import cache

from strongroom.identity.models import SsoProvider

TIMEOUT_SECONDS = 10
DISCOVERY_CACHE_SECONDS = 3600
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"]
LEEWAY_SECONDS = 60


class OidcError(Exception):
    """The provider's answer cannot be trusted or used; the message names what was wrong."""


def _fetch_json(request: urllib.request.Request | str) -> dict[str, Any]:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        raise OidcError(f"the provider answered HTTP {exc.code}") from None
    except OSError as exc:
        raise OidcError(f"the provider could not be reached ({type(exc).__name__})") from None
    try:
        data = json.loads(body)
    except ValueError:
        raise OidcError("the provider did not answer with JSON") from None
    if not isinstance(data, dict):
        raise OidcError("the provider did not answer with a JSON object")
    return data


def discover(provider: SsoProvider) -> dict[str, Any]:
    """The provider's metadata; its ``issuer`` must be exactly the configured issuer."""
    key = "strongroom:oidc-discovery:" + hashlib.sha256(provider.issuer.encode()).hexdigest()
    document = cache.get(key)
    if not isinstance(document, dict):
        _check_scheme(provider.discovery_url)
        document = _fetch_json(provider.discovery_url)
        for field in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(document.get(field), str):
                raise OidcError(f"the discovery document has no {field}")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    if document["issuer"].rstrip("/") != provider.issuer.rstrip("/"):
        raise OidcError("the discovery document names another issuer")
    return document


def _check_scheme(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise OidcError("provider URLs must use https")


def new_attempt() -> dict[str, str]:
    """Fresh secrets for one sign-in attempt: state, nonce and a PKCE verifier."""
    return {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(48),
    }


def authorization_url(
    provider: SsoProvider, *, redirect_uri: str, attempt: dict[str, str]
) -> str:
    """Where to send the browser to sign in at the provider."""
    document = discover(provider)
    challenge = base64.urlsafe_b64encode(
        hashlib.sha256(attempt["verifier"].encode()).digest()
    ).rstrip(b"=").decode()
    query = urllib.parse.urlencode({
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid email profile",
        "state": attempt["state"],
        "nonce": attempt["nonce"],
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    })
    endpoint = document["authorization_endpoint"]
    _check_scheme(endpoint)
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def exchange_code(
    provider: SsoProvider, *, code: str, redirect_uri: str, verifier: str
) -> dict[str, Any]:
    """Trade the authorization code for tokens at the token endpoint."""
    document = discover(provider)
    _check_scheme(document["token_endpoint"])
    fields = {
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
        "code_verifier": verifier, "client_id": provider.client_id,
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_post" in methods and "client_secret_basic" not in methods:
        fields["client_secret"] = provider.client_secret
    else:
        pair = f"{urllib.parse.quote(provider.client_id, safe='')}:" \
               f"{urllib.parse.quote(provider.client_secret, safe='')}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    request = urllib.request.Request(  # noqa: S310 (scheme checked)
        document["token_endpoint"], data=urllib.parse.urlencode(fields).encode(),
        headers=headers, method="POST",
    )
    tokens = _fetch_json(request)
    if not isinstance(tokens.get("id_token"), str):
        raise OidcError("the token endpoint sent no ID token")
    return tokens


_KEY_CLIENTS: dict[str, jwt.PyJWKClient] = {}


def _key_client(jwks_uri: str) -> jwt.PyJWKClient:
    """One key-set client per provider key URL: keys are cached for five minutes, and a token
    signed with a key not seen yet (a rotation) makes it fetch the set again."""
    if jwks_uri not in _KEY_CLIENTS:
        _KEY_CLIENTS[jwks_uri] = jwt.PyJWKClient(
            jwks_uri, cache_keys=True, lifespan=300, timeout=TIMEOUT_SECONDS
        )
    return _KEY_CLIENTS[jwks_uri]


def validate_id_token(provider: SsoProvider, id_token: str, *, nonce: str) -> dict[str, Any]:
    """The ID token's claims after checking signature, issuer, audience, times and nonce."""
    document = discover(provider)
    _check_scheme(document["jwks_uri"])
    try:
        signing_key = _key_client(document["jwks_uri"]).get_signing_key_from_jwt(id_token)
        claims: dict[str, Any] = jwt.decode(
            id_token, signing_key.key, algorithms=ALGORITHMS, audience=provider.client_id,
            issuer=document["issuer"], leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.InvalidAudienceError:
        raise OidcError("the ID token is meant for another client (audience)") from None
    except jwt.InvalidIssuerError:
        raise OidcError("the ID token comes from another issuer") from None
    except (jwt.PyJWTError, ValueError) as exc:
        raise OidcError(f"the ID token is not valid ({type(exc).__name__})") from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise OidcError("the ID token names several audiences but not us as azp")
    sent = claims.get("nonce")
    if not isinstance(sent, str) or not hmac.compare_digest(sent, nonce):
        raise OidcError("the ID token does not carry this sign-in's nonce")
    return claims


def reports_mfa(provider: SsoProvider, claims: dict[str, Any]) -> bool:
    """Whether the provider says it checked more than one factor (``amr`` or ``acr``)."""
    amr = claims.get("amr")
    methods = {str(m) for m in amr} if isinstance(amr, list) else set()
    if methods & set(provider.mfa_amr.split()):
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in set(provider.mfa_acr.split())
