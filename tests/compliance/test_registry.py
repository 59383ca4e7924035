"""The registry of compliance checks against docs/promises.md: every promise there has exactly
one check, and no check exists without a promise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from strongroom.platform.compliance import registry
from strongroom.platform.compliance.registry import PROMISES, Status, check, checks, passed
from strongroom.project.compliance import CHECK_MODULES

ROOT = Path(__file__).resolve().parents[2]
PROMISE_ROW = re.compile(r"^\| \*\*(P-[A-H]\d+)\*\* (.+?) \|", re.MULTILINE)


def documented() -> list[tuple[str, str]]:
    return PROMISE_ROW.findall((ROOT / "docs" / "promises.md").read_text())


def test_every_documented_promise_has_exactly_one_check_and_no_check_is_spare() -> None:
    ids = [promise for promise, _ in documented()]
    assert len(set(ids)) == 41
    assert list(PROMISES) == list(dict.fromkeys(ids))
    assert set(checks()) == set(PROMISES)
    # one function per promise, each in a module of the one import list
    assert len({f"{f.__module__}.{f.__qualname__}" for f in checks().values()}) == 41
    modules = {f.__module__ for f in checks().values()}
    assert modules == {*CHECK_MODULES, "strongroom.project.compliance"}


def test_titles_match_the_promises_page() -> None:
    titles: dict[str, list[str]] = {}
    for promise, title in documented():
        titles.setdefault(promise, []).append(title.strip().strip("`"))
    for promise, title in PROMISES.items():
        assert title in titles[promise] or promise == "P-F5", promise
    assert PROMISES["P-F5"] == "Health endpoints and status page"


def test_the_promises_page_names_each_promise_check() -> None:
    text = (ROOT / "docs" / "promises.md").read_text()
    for promise, function in checks().items():
        path = function.__module__.removeprefix("strongroom.").replace(".", "/") + ".py"
        assert f"`{function.__name__}` in `…/{path}`" in text, promise


def test_a_second_check_or_an_unknown_promise_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="two checks"):
        check("P-C3", "Key rotation")(lambda actor: passed("x", a=1))
    with pytest.raises(ImproperlyConfigured, match="not a promise"):
        check("P-Z9", "Invented")(lambda actor: passed("x", a=1))
    with pytest.raises(ImproperlyConfigured, match="not a promise"):
        check("P-C3", "Key turning")(lambda actor: passed("x", a=1))
    assert checks()["P-C3"].__module__ == "strongroom.platform.keys.compliance"


def test_a_check_that_raises_fails_its_promise(platform_actor: object, monkeypatch) -> None:
    def broken(actor: object) -> registry.Outcome:
        raise RuntimeError("database unreachable")

    monkeypatch.setitem(registry._CHECKS, "P-C3", broken)
    result = registry.run_check(platform_actor, "P-C3")  # type: ignore[arg-type]
    assert result.status == Status.FAIL
    assert result.reason == "the check could not run: RuntimeError: database unreachable"


def test_a_pass_without_evidence_or_a_missing_check_fails(
    platform_actor: object, monkeypatch
) -> None:
    monkeypatch.setitem(registry._CHECKS, "P-A4", lambda actor: passed("trust me"))
    result = registry.run_check(platform_actor, "P-A4")  # type: ignore[arg-type]
    assert (result.status, result.reason) == (
        Status.FAIL, "a pass without evidence is not a pass (trust me)")
    monkeypatch.delitem(registry._CHECKS, "P-A4")
    result = registry.run_check(platform_actor, "P-A4")  # type: ignore[arg-type]
    assert (result.status, result.reason) == (
        Status.FAIL, "no check is registered for this promise")
