"""``Idempotency-Key`` on every API write (POST, PUT, PATCH, DELETE), so a client or a proxy can
retry a write whose answer was lost without doing it twice.

- A write with the header runs in one transaction with its key's claim
  (:class:`IdempotencyMiddleware`); its answer, when it succeeded (2xx), is kept in that
  transaction under the key, the credential and the company (``platform/idempotency``).
- The same key again with the same method, path and body: the kept answer, with
  ``Idempotent-Replayed: true``, and nothing is written. With another request: 422.
  While the first is still running, the retry waits for it (the claim's unique constraint).
- A write that failed keeps nothing: retrying it runs it again.
- Keys are 1 to 255 visible ASCII characters (a UUID is a good one), kept at least 24 hours.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from strongroom.api.actor import request_principal
from strongroom.api.errors import is_api_request, problem
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.accounts.models import User
from strongroom.platform.history.action import enclosing_transaction
from strongroom.platform.idempotency import answers
from strongroom.platform.idempotency.models import IdempotentWrite

HEADER = "Idempotency-Key"
META_KEY = "HTTP_IDEMPOTENCY_KEY"
REPLAYED = "Idempotent-Replayed"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
VALID_KEY = re.compile(r"[!-~]{1,255}")
_CLAIM = "_strongroom_idempotency_claim"
_OPEN = "_strongroom_idempotency_open"
HEADER_DESCRIPTION = (
    "Makes the write safe to retry: the same key with the same request within 24 hours gets "
    "the first answer again (header `Idempotent-Replayed: true`) and writes nothing; with a "
    "different request, 422. 1 to 255 visible ASCII characters; a new UUID per write is best."
)


def applies(request: HttpRequest) -> bool:
    """Whether ``request`` is an API write that carries an Idempotency-Key."""
    return (
        request.method in WRITE_METHODS and META_KEY in request.META and is_api_request(request)
    )


class IdempotencyMiddleware:
    """Run an API write that carries a key in one transaction with its claim and kept answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not applies(request):
            return self.get_response(request)
        if not VALID_KEY.fullmatch(request.META[META_KEY]):
            return problem(
                request, 400, kind="invalid-idempotency-key",
                detail=f"An {HEADER} is 1 to 255 visible ASCII characters.",
            )
        setattr(request, _OPEN, True)
        with enclosing_transaction():
            response = self.get_response(request)
            claimed: IdempotentWrite | None = getattr(request, _CLAIM, None)
            if claimed is not None:
                if 200 <= response.status_code < 300 and not response.streaming:
                    answers.keep(
                        claimed, status=response.status_code,
                        content_type=response.get("Content-Type", ""),
                        location=response.get("Location", ""),
                        body=response.content.decode("utf-8", errors="replace"),
                    )
                else:
                    answers.release(claimed)
        return response


def idempotent(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """``view_func`` (a company operation that writes) answering a repeated key from what was
    kept. Runs after authentication and the actor's resolution, before the operation."""

    @functools.wraps(view_func)
    def operation(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not applies(request):
            return view_func(request, *args, **kwargs)
        if not getattr(request, _OPEN, False):
            raise RuntimeError("IdempotencyMiddleware is not installed")
        actor: CompanyActor = kwargs["actor"]
        scope = {
            "company_id": actor.company.pk,
            "credential": credential(request),
            "key": request.META[META_KEY],
        }
        asked = fingerprint(request)
        kept = answers.find(**scope)
        if kept is None:
            claimed = answers.claim(**scope, fingerprint=asked)
            if claimed is not None:
                setattr(request, _CLAIM, claimed)
                return view_func(request, *args, **kwargs)
            kept = answers.find(**scope)  # a write with this key committed while we waited
        return replay(request, kept, asked)

    return operation


def replay(request: HttpRequest, kept: IdempotentWrite | None, asked: str) -> HttpResponse:
    """The answer kept under the request's key, or the problem that prevents it."""
    if kept is None or kept.status is None:
        return problem(
            request, 409, kind="idempotency-key-in-use",
            detail=f"A write with this {HEADER} is still running: retry in a moment.",
        )
    if not hmac.compare_digest(kept.fingerprint, asked):
        detail = f"This {HEADER} was used for a different request: use a new key."
        return problem(
            request, 422, kind="idempotency-key-reused", detail=detail, errors={HEADER: [detail]}
        )
    if kept.withdrawn:
        return problem(
            request, 409, kind="idempotent-answer-withdrawn",
            detail=f"The write under this {HEADER} was done; its answer is no longer kept.",
        )
    response = HttpResponse(kept.body, status=kept.status, content_type=kept.content_type)
    if kept.location:
        response["Location"] = kept.location
    response[REPLAYED] = "true"
    return response


def credential(request: HttpRequest) -> str:
    """The credential a key belongs to: the API key, or the signed-in user."""
    principal = request_principal(request)
    kind = "user" if isinstance(principal, User) else "key"
    return f"{kind}:{principal.pk}"


def fingerprint(request: HttpRequest) -> str:
    """A SHA-256 of the request's method, path, query and body (fields and files' bytes for
    an upload, whose raw body has been consumed)."""
    digest = hashlib.sha256()
    for part in (request.method or "", request.get_full_path(), request.content_type or ""):
        digest.update(part.encode() + b"\0")
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            digest.update(repr((name, values)).encode() + b"\0")
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(repr((name, upload.name, upload.size)).encode() + b"\0")
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()
