"""The base of every request schema: a JSON object, no unknown properties, clean free text.

- A body must be an object: an array, a string or a number where an object is expected is
  refused (422), never read as an object without fields.
- Unknown properties are refused (``extra="forbid"``), each named in the answer; the OpenAPI
  document says ``additionalProperties: false``.
- A multipart form (``strict_form``) is refused when it has a field or file the operation
  does not take, as a JSON body is.
- A query parameter the operation does not declare (``strict_query``) is refused, each named
  in the answer, never ignored: a misspelt filter would otherwise widen the list it narrows.
  So is one that takes a single value and is given twice (``?state=a&state=b``), which would
  otherwise be read as one of them.
- A date (``IsoDate``) is only ``YYYY-MM-DD``, never a number read as a Unix time.
- Every string value goes through ``platform/text.py``'s rule (NFC, no format characters)
  before the field's own rules, so a name of only zero-width characters is empty; a
  ``secret_field`` (``format: password``, as a web form's password input) is kept as sent.
- A string holding a null character (U+0000), in a body or a query (``strict_query``), is
  refused (422, by field), as Django's form fields refuse it: PostgreSQL text cannot hold one.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
from collections.abc import Callable
from typing import Annotated, Any, get_args, get_origin

from django.http import HttpRequest
from ninja import Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.params.models import File, Form
from ninja.signature import ViewSignature
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic.functional_validators import ModelWrapValidatorHandler
from pydantic.json_schema import JsonDict
from pydantic_core import InitErrorDetails, PydanticCustomError

from strongroom.platform.text import clean_text

JSON_TYPES = {list: "an array", str: "a string", bool: "a boolean", int: "a number",
              float: "a number", type(None): "null"}


SECRET: JsonDict = {"format": "password", "writeOnly": True}
# As Django's form fields say it (ProhibitNullCharactersValidator).
NULL_MESSAGE = "Null characters are not allowed."
REPEATED_MESSAGE = "Given more than once; this parameter takes one value."
# Every integer the API takes (ids, numbers, years) fits a 64-bit database column: a larger one
# is refused (422) before it reaches a query, where SQLite cannot bind it.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_MESSAGE = "Give a date as YYYY-MM-DD."


def _iso_date(value: Any) -> Any:
    """Only a calendar date as YYYY-MM-DD: pydantic would also read ``0`` or ``"1700000000"``
    as a Unix time and ``"2025-01-01T10:00"`` as its day."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return value
    raise PydanticCustomError("date_format", DATE_MESSAGE)


# Every date the API takes, in a body or a query.
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    Field(json_schema_extra={"pattern": f"^{ISO_DATE.pattern}$"}),
]
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
    return frozenset(name for name, _ in _query_fields(path, view_func))


def _query_fields(path: str, view_func: Callable[..., Any]) -> list[tuple[str, Any]]:
    """Each declared query parameter with its annotation (ninja flattens filter schemas)."""
    fields = []
    for model in ViewSignature(path, view_func).models:
        if model.__ninja_param_source__ != "query":
            continue
        for name, steps in model.__ninja_flatten_map__.items():
            annotation: Any = model
            for step in steps:
                annotation = annotation.model_fields[step].annotation
            fields.append((name, annotation))
    return fields


def _takes_many(annotation: Any) -> bool:
    """Whether a query parameter is a list, so that it may be given more than once."""
    if get_origin(annotation) in (list, set, tuple, frozenset):
        return True
    return any(_takes_many(argument) for argument in get_args(annotation))


def strict_query(path: str, view_func: Callable[..., Any]) -> Callable[..., Any]:
    """``view_func`` refusing (422) a query parameter it does not declare at ``path``, one given
    more than once where it takes one value, and one whose value holds a null character."""
    fields = _query_fields(path, view_func)
    names = frozenset(name for name, _ in fields)
    single = frozenset(name for name, annotation in fields if not _takes_many(annotation))

    @functools.wraps(view_func)
    def operation(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        problems = [
            {"loc": ("query", name), "msg": "Unknown query parameter.", "type": "extra_forbidden"}
            for name in sorted(set(request.GET) - names)
        ] + [
            {"loc": ("query", name), "msg": REPEATED_MESSAGE, "type": "repeated"}
            for name, values in sorted(request.GET.lists())
            if name in single and len(values) > 1
        ] + [
            {"loc": ("query", name), "msg": NULL_MESSAGE, "type": "null_character"}
            for name, values in sorted(request.GET.lists())
            if name in names and any("\x00" in value for value in values)
        ]
        if problems:
            raise NinjaValidationError(problems)
        return view_func(request, *args, **kwargs)

    return operation
