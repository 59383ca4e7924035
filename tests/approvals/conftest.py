"""Approval tests: a registered test kind whose records are tags, and the real SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from strongroom.platform.tenancy.models import Tag
from strongroom.records.approvals import registry
from tests.identity.conftest import smtp_outbox  # noqa: F401  (fixture)

TEST_KIND = "test-claim"


@dataclass
class Calls:
    approved: list[Any] = field(default_factory=list)
    rejected: list[Any] = field(default_factory=list)


def register_test_kind(calls: Calls) -> None:
    """A kind whose 'records' are tags (any company record will do), with amounts in money."""
    registry.register(
        registry.Approvable(
            kind=TEST_KIND,
            label="Test claim",
            model=Tag,
            amount_unit=registry.AmountUnit.CURRENCY,
            describe=lambda tag: f"claim {tag.name}",
            url=lambda tag: f"/c/x/tags/{tag.pk}/",
            on_approved=lambda **kw: calls.approved.append(kw["record"]),
            on_rejected=lambda **kw: calls.rejected.append(kw["record"]),
        )
    )


@pytest.fixture
def test_kind() -> Iterator[Calls]:
    calls = Calls()
    registry.unregister(TEST_KIND)
    register_test_kind(calls)
    yield calls
    registry.unregister(TEST_KIND)
