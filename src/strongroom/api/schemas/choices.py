"""A string field that takes one of a fixed set of values, listed in the OpenAPI document as an
``enum`` (from the model's choices, so the two never drift apart), not in prose."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pydantic.json_schema import JsonDict


def one_of(values: Iterable[str]) -> Callable[[JsonDict], None]:
    """``json_schema_extra`` listing ``values`` as the field's ``enum``; where the field may
    be null, on its string branch, so null stays allowed."""
    allowed: list[str] = [str(value) for value in values]

    def add_enum(schema: JsonDict) -> None:
        branches = schema.get("anyOf")
        targets = [schema]
        if isinstance(branches, list):
            targets = [b for b in branches if isinstance(b, dict) and b.get("type") == "string"]
        for target in targets:
            target["enum"] = list(allowed)

    return add_enum
