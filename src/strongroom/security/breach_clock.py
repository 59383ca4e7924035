"""The breach clock (P-G3): companies are to be told without undue delay, and at the latest
72 hours after we became aware of a breach (``confirmed_at``), so that they, as controllers,
can meet their own 72 hours (GDPR Art. 33). It reads the process clock (``time.time``)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

NOTIFY_WITHIN = timedelta(hours=72)


def now() -> datetime:
    return datetime.fromtimestamp(time.time(), tz=UTC)


@dataclass(frozen=True)
class Clock:
    """Where an incident stands against its deadline."""

    deadline: datetime | None  # None: not confirmed, the clock has not started
    left: timedelta | None  # negative once overdue; None when stopped or not started
    notified_at: datetime | None  # when the last affected company was first sent its notice
    no_one_affected: bool = False  # the scope was computed and touched no company

    @property
    def state(self) -> str:
        if self.deadline is None:
            return "not started"
        if self.no_one_affected:
            return "no company affected"
        if self.notified_at is not None:
            return "notified late" if self.notified_at > self.deadline else "notified"
        return "overdue" if self.left is not None and self.left < timedelta(0) else "running"

    @property
    def overdue(self) -> bool:
        return self.state in ("overdue", "notified late")

    @property
    def left_text(self) -> str:
        """``41 h 12 min left`` or ``3 h 5 min overdue``; empty when it does not run."""
        if self.left is None:
            return ""
        minutes = int(abs(self.left).total_seconds()) // 60
        text = f"{minutes // 60} h {minutes % 60} min"
        return f"{text} overdue" if self.left < timedelta(0) else f"{text} left"


def clock(
    confirmed_at: datetime | None, *, scope_computed: bool, affected: int,
    first_sent: list[datetime | None], at: datetime | None = None,
) -> Clock:
    """The clock of an incident confirmed at ``confirmed_at`` with ``affected`` companies,
    whose notices were first sent at ``first_sent`` (None: not yet)."""
    if confirmed_at is None:
        return Clock(deadline=None, left=None, notified_at=None)
    deadline = confirmed_at + NOTIFY_WITHIN
    if scope_computed and not affected:
        return Clock(deadline=deadline, left=None, notified_at=None, no_one_affected=True)
    sent = [moment for moment in first_sent if moment is not None]
    if affected and len(sent) >= affected:
        return Clock(deadline=deadline, left=None, notified_at=max(sent))
    return Clock(deadline=deadline, left=deadline - (at or now()), notified_at=None)
