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


AUTH_ERRORS: dict[int, Any] = {401: Problem}
READ_ERRORS: dict[int, Any] = {401: Problem, 404: Problem, 422: ValidationProblem}
WRITE_ERRORS: dict[int, Any] = {
    401: Problem,
    403: Problem,
    404: Problem,
    422: ValidationProblem,
}
