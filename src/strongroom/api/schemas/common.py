"""Problem details and the error responses every operation may give."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class Problem(Schema):
    """An RFC 9457 problem (served as ``application/problem+json``)."""

    type: str = Field(..., examples=["urn:strongroom:problem:not-found"])
    title: str = Field(..., examples=["Not Found"])
    status: int = Field(..., examples=[404])
    detail: str = Field(..., examples=["The resource does not exist or you cannot see it."])
    instance: str | None = Field(
        None, description="The request path; left out of 404 answers.", examples=[None]
    )


class ValidationProblem(Problem):
    """A problem with the offending fields and their messages."""

    errors: dict[str, list[str]] = Field(
        ..., examples=[{"country": ["Unknown country code 'XX'; use ISO 3166-1 alpha-2."]}]
    )


# What each error status means, wherever an operation declares it (the OpenAPI document's
# response descriptions, project/api.py).
ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "The body cannot be parsed as its Content-Type says (JSON or multipart/form-data), "
    "or the Idempotency-Key is malformed.",
    401: "No valid credential: sign in or present an API key.",
    403: "Refused: the role may not make this change, the company's sign-in policy turns the "
    "session away, or the session has not passed its second factor.",
    404: "The company or the record does not exist, or you cannot see it (the same answer).",
    409: "A write with this Idempotency-Key is still running, or its answer is no longer kept.",
    410: "The file was erased: the key that encrypted it has been destroyed.",
    413: "The request is over a size limit (body, fields, files or a file's size).",
    422: "The input is not valid or a business rule refuses it; `errors` names each field "
    "and its messages.",
}

# Every operation may answer 401 (no credential) and 403 (a session without its second factor).
AUTH_ERRORS: dict[int, Any] = {401: Problem, 403: Problem}
READ_ERRORS: dict[int, Any] = {**AUTH_ERRORS, 404: Problem, 422: ValidationProblem}
# A file's download: 410 once the file is erased.
DOWNLOAD_ERRORS: dict[int, Any] = {**READ_ERRORS, 410: Problem}
# Every write honours an Idempotency-Key (api/idempotency.py): 400 for a malformed key, 409 while
# its first write runs or once its answer is gone; its fingerprint reads the body, so 413.
WRITE_ERRORS: dict[int, Any] = {
    400: Problem,
    **AUTH_ERRORS,
    404: Problem,
    409: Problem,
    413: Problem,
    422: ValidationProblem,
}
