"""RFC 9457 problem details (``application/problem+json``) for every API error.

A 404 body never names the requested path or id, so a foreign object and a missing one give
byte-identical answers (P-B3). A 500 says nothing about the failure; the details go to the log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from strongroom.platform.access import policy
from strongroom.platform.files.upload import UploadTooLarge
from strongroom.platform.keys.errors import FileErased

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("strongroom.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PATH_PREFIX = "/api/"  # every path under it answers problem+json, never HTML
PROBLEM_BASE = "urn:strongroom:problem:"
NOT_FOUND_DETAIL = "The resource does not exist or you cannot see it."


def is_api_request(request: HttpRequest) -> bool:
    """Whether the request is for the API (and so gets problem+json answers)."""
    return request.path.startswith(API_PATH_PREFIX)


def problem(
    request: HttpRequest,
    status: int,
    *,
    kind: str = "",
    detail: str = "",
    errors: dict[str, list[str]] | None = None,
    with_instance: bool = True,
) -> HttpResponse:
    """A problem+json response. ``kind`` names the problem type; empty means about:blank."""
    body: dict[str, Any] = {
        "type": f"{PROBLEM_BASE}{kind}" if kind else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or HTTPStatus(status).description,
    }
    if with_instance:
        body["instance"] = request.path
    if errors is not None:
        body["errors"] = errors
    content = json.dumps(body, cls=DjangoJSONEncoder)
    return HttpResponse(content, status=status, content_type=PROBLEM_CONTENT_TYPE)


def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Missing and not-yours look the same: no path, no id, no request id in the body."""
    return problem(request, 404, kind="not-found", detail=NOT_FOUND_DETAIL, with_instance=False)


def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A refusal; its exception may name its own problem type (``problem_kind``), as
    identity/signin/gate.py's ``SignInPolicyNotMet`` does."""
    detail = str(exc) or "You are not allowed to do this."
    return problem(request, 403, kind=getattr(exc, "problem_kind", "forbidden"), detail=detail)


def file_erased(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A file whose key was destroyed (its subject erased): gone for good, never a 500."""
    return problem(
        request, 410, kind="file-erased",
        detail="The file was erased: the key that encrypted it has been destroyed.",
    )


def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = problem(
        request, 401, kind="unauthenticated", detail="Sign in or present a valid credential."
    )
    response["WWW-Authenticate"] = 'Bearer realm="strongroom"'
    return response


def django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {field: list(messages) for field, messages in exc.message_dict.items()}
    else:
        errors = {"__all__": list(exc.messages)}
    return problem(
        request, 422, kind="validation-error", detail="The input is not valid.", errors=errors
    )


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    """('body', 'payload', 'tags', 0) -> 'tags.0'; ('query', 'page') -> 'page';
    ('body', 'payload') -> '__all__' (the body as a whole)."""
    parts = list(loc[1:])
    if loc and loc[0] == "body" and parts:
        parts = parts[1:]  # drop the name of the body parameter
    return ".".join(str(part) for part in parts) or "__all__"


def request_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", ())), []).append(str(error.get("msg")))
    return problem(
        request, 422, kind="validation-error", detail="The input is not valid.", errors=errors
    )


def too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A request over a size limit (body, field count, file count or file size): 413; a file
    too large is named in ``errors`` as any refused field is."""
    errors = exc.message_dict if isinstance(exc, UploadTooLarge) else None
    return problem(request, 413, kind="too-large", detail=size_limit_detail(exc), errors=errors)


def size_limit_detail(exc: Exception) -> str:
    """What was too large, in words (no figures from the request)."""
    if isinstance(exc, TooManyFieldsSent):
        return "The request has too many fields."
    if isinstance(exc, TooManyFilesSent):
        return "The request has too many files."
    if isinstance(exc, UploadTooLarge):
        return "; ".join(exc.messages)
    return "The request body is larger than the limit."


def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 404:
        return not_found(request, exc)
    if exc.status_code == 400 and str(exc.message).startswith("Cannot parse request body"):
        return problem(request, 400, kind="malformed-body", detail="The body is not valid JSON.")
    return problem(request, exc.status_code, detail=exc.message)


def malformed_form(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A multipart body that cannot be parsed (no boundary, cut short): the client's fault."""
    return problem(
        request, 400, kind="malformed-body", detail="The body is not valid multipart/form-data."
    )


def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error (request %s)", getattr(request, "request_id", "-"), exc_info=exc)
    return problem(request, 500, kind="server-error", detail="Something went wrong on our side.")


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers with problem+json ones (most specific class wins)."""
    handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
        policy.NotFound: not_found,
        Http404: not_found,
        FileErased: file_erased,
        RequestDataTooBig: too_large,
        TooManyFieldsSent: too_large,
        TooManyFilesSent: too_large,
        UploadTooLarge: too_large,
        MultiPartParserError: malformed_form,
        PermissionDenied: forbidden,  # includes policy.Forbidden
        DjangoValidationError: django_validation_error,
        NinjaValidationError: request_validation_error,
        AuthenticationError: unauthenticated,
        HttpError: http_error,
        Exception: server_error,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, handler)
