"""Page-number pagination: ``?page=2&page_size=50`` -> {items, count, page, page_size, ...}.

A page number above ``MAX_PAGE`` or a page size above ``MAX_PAGE_SIZE`` is refused (422), so
the offset ``(page - 1) * page_size`` always fits the databases' 64-bit integers."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

M = TypeVar("M", bound=Model)

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000


class PageInput(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"Page number, 1 to {MAX_PAGE}.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Items per page (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}).",
    )


class PagePagination(PaginationBase):
    """Numbered pages; a page or page size above its maximum is refused (422)."""

    Input = PageInput  # type: ignore[assignment]

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description="Items on all pages together.")
        page: int
        page_size: int
        next: str | None = Field(None, description="Relative URL of the next page, or null.")
        previous: str | None = Field(
            None, description="Relative URL of the previous page, or null."
        )

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        pagination: PageInput,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        page_size, page = pagination.page_size, pagination.page
        count = self._items_count(queryset)
        offset = (page - 1) * page_size
        last_page = max(1, math.ceil(count / page_size))
        return {
            "items": queryset[offset : offset + page_size],
            "count": count,
            "page": page,
            "page_size": page_size,
            "next": _page_url(request, page + 1, page_size) if page < last_page else None,
            "previous": (
                _page_url(request, min(page - 1, last_page), page_size) if page > 1 else None
            ),
        }


def _page_url(request: HttpRequest, page: int, page_size: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    query["page_size"] = str(page_size)
    return f"{request.path}?{query.urlencode()}"


class NotedPage(Generic[M]):
    """A queryset for ``@paginate(PagePagination)`` that hands the page it returns to ``note``
    (for example to note the reads of personal data in the access log) once it is sliced."""

    def __init__(self, queryset: QuerySet[M], note: Callable[[list[M]], None]) -> None:
        self.queryset, self.note = queryset, note

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[M]:
        page = list(self.queryset[key])
        self.note(page)
        return page
