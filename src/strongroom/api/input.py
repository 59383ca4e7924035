"""The base of every request schema: a JSON object, no unknown properties, clean free text.

- A body must be an object: an array, a string or a number where an object is expected is
  refused (422), never read as an object without fields.
- Unknown properties are refused (``extra="forbid"``), each named in the answer; the OpenAPI
  document says ``additionalProperties: false``.
- A multipart form (``strict_form``) is refused when it has a field or file the operation
  does not take, as a JSON body is.
- A query parameter the operation does not declare (``strict_query``) is refused, each named
  in the answer, never ignored: a misspelt filter would otherwise widen the list it narrows.
- Every string value goes through ``platform/text.py``'s rule (NFC, no format characters)
  before the field's own rules, so a name of only zero-width characters is empty; a
  ``secret_field`` (``format: password``, as a web form's password input) is kept as sent.
- A string holding a null character (U+0000), in a body or a query (``strict_query``), is
  refused (422, by field), as Django's form fields refuse it: PostgreSQL text cannot hold one.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, get_args, get_origin

from django.http import HttpRequest
from ninja import Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.params.models import File, Form
from ninja.signature import ViewSignature
from pydantic import ConfigDict, Field, ValidationError, ValidationInfo, model_validator
from pydantic.functional_validators import ModelWrapValidatorHandler
from pydantic.json_schema import JsonDict
from pydantic_core import InitErrorDetails, PydanticCustomError

from strongroom.platform.text import clean_text

JSON_TYPES = {list: "an array", str: "a string", bool: "a boolean", int: "a number",
              float: "a number", type(None): "null"}


SECRET: JsonDict = {"format": "password", "writeOnly": True}
# As Django's form fields say it (ProhibitNullCharactersValidator).
NULL_MESSAGE = "Null characters are not allowed."
# Every integer the API takes (ids, numbers, years) fits a 64-bit database column: a larger one
# is refused (422) before it reaches a query, where SQLite cannot bind it.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
NULL_CHARACTER = PydanticCustomError("null_character", NULL_MESSAGE)


def secret_field(default: str, **options: Any) -> Any:
    """A secret: never returned, and kept exactly as sent (the free-text rule skips it)."""
    return Field(default, json_schema_extra=SECRET, **options)


def _has_null(value: Any) -> bool:
    """Whether a string, or a string in a list, holds U+0000 (which PostgreSQL cannot store)."""
    if isinstance(value, list):
        return any(_has_null(item) for item in value)
    return isinstance(value, str) and "\x00" in value


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


class InputSchema(Schema):
    """A request body (or form) schema."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        """In place of ninja's (which reads any object's attributes): a dict, cleaned."""
        if isinstance(values, cls):
            return handler(values)
        if not isinstance(values, dict):
            kind = JSON_TYPES.get(type(values), "not an object")
            raise PydanticCustomError(
                "object_expected", "Expected a JSON object, got {kind}.", {"kind": kind}
            )
        with_null = [key for key, value in values.items() if _has_null(value)]
        if with_null:
            raise ValidationError.from_exception_data(cls.__name__, [
                InitErrorDetails(type=NULL_CHARACTER, loc=(key,), input=values[key])
                for key in with_null
            ])
        return handler({
            key: value if cls._is_secret(key) else _cleaned(value)
            for key, value in values.items()
        })

    @classmethod
    def _is_secret(cls, name: str) -> bool:
        field = cls.model_fields.get(name)
        return field is not None and field.json_schema_extra == SECRET


def _form_names(view_func: Callable[..., Any]) -> set[str] | None:
    """The form fields and files ``view_func`` takes; None when it takes no form."""
    names: set[str] = set()
    has_form = False
    for parameter in inspect.signature(view_func, eval_str=True).parameters.values():
        if get_origin(parameter.annotation) is not Annotated:
            continue
        kind, *extras = get_args(parameter.annotation)
        if any(isinstance(extra, Form) for extra in extras):
            has_form = True
            names.update(kind.model_fields if isinstance(kind, type) and issubclass(
                kind, Schema) else {parameter.name})
        elif any(isinstance(extra, File) for extra in extras):
            names.add(parameter.name)
    return names if has_form else None


def strict_form(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """``view_func`` refusing (422) a form field or file it does not take; itself when it
    takes no form."""
    names = _form_names(view_func)
    if names is None:
        return view_func

    @functools.wraps(view_func)
    def operation(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        unknown = sorted((set(request.POST) | set(request.FILES)) - names)
        if unknown:
            raise NinjaValidationError([
                {"loc": ("form", name), "msg": "Extra inputs are not permitted",
                 "type": "extra_forbidden"} for name in unknown
            ])
        return view_func(request, *args, **kwargs)

    return operation


def query_names(path: str, view_func: Callable[..., Any]) -> frozenset[str]:
    """The query parameters ``view_func`` declares at ``path``, as ninja reads them."""
    return frozenset(
        name
        for model in ViewSignature(path, view_func).models
        if model.__ninja_param_source__ == "query"
        for name in model.__ninja_flatten_map__
    )


def strict_query(path: str, view_func: Callable[..., Any]) -> Callable[..., Any]:
    """``view_func`` refusing (422) a query parameter it does not declare at ``path``, and one
    whose value holds a null character."""
    names = query_names(path, view_func)

    @functools.wraps(view_func)
    def operation(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        problems = [
            {"loc": ("query", name), "msg": "Unknown query parameter.", "type": "extra_forbidden"}
            for name in sorted(set(request.GET) - names)
        ] + [
            {"loc": ("query", name), "msg": NULL_MESSAGE, "type": "null_character"}
            for name, values in sorted(request.GET.lists())
            if name in names and any("\x00" in value for value in values)
        ]
        if problems:
            raise NinjaValidationError(problems)
        return view_func(request, *args, **kwargs)

    return operation
