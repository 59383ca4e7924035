"""Moving the process clock in tests: every module that reads ``time.time()`` (Strongroom's
limits and time-outs, allauth's rate limits) sees the moved time; nothing is patched per module."""

from __future__ import annotations

import time

import pytest

REAL_TIME = time.time


def set_clock(monkeypatch: pytest.MonkeyPatch, moment: float) -> None:
    """Stop the clock at ``moment`` (seconds since the epoch) for the rest of the test."""
    monkeypatch.setattr(time, "time", lambda: moment)


def advance_clock(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Stop the clock ``seconds`` after the real present."""
    set_clock(monkeypatch, REAL_TIME() + seconds)
