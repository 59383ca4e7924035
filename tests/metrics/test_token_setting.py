"""STRONGROOM_METRICS_TOKEN(_FILE): optional in every environment (nothing is generated), and
checked like every other secret when given."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from strongroom.project.secrets import read_optional_secret
from tests.metrics.conftest import TOKEN


@pytest.fixture(autouse=True)
def _no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STRONGROOM_METRICS_TOKEN", raising=False)
    monkeypatch.delenv("STRONGROOM_METRICS_TOKEN_FILE", raising=False)


def test_unset_means_no_token(tmp_path: Path) -> None:
    assert read_optional_secret("METRICS_TOKEN") == ""


def test_from_the_variable_or_its_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "metrics-token").write_text(TOKEN + "\n")
    monkeypatch.setenv("STRONGROOM_METRICS_TOKEN_FILE", str(tmp_path / "metrics-token"))
    assert read_optional_secret("METRICS_TOKEN") == TOKEN
    monkeypatch.setenv("STRONGROOM_METRICS_TOKEN", TOKEN[::-1])
    assert read_optional_secret("METRICS_TOKEN") == TOKEN[::-1]


@pytest.mark.parametrize("value", ["short-token", "changeme" + "x" * 40, "ab" * 30])
def test_a_weak_token_stops_start_up(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("STRONGROOM_METRICS_TOKEN", value)
    with pytest.raises(ImproperlyConfigured, match="STRONGROOM_METRICS_TOKEN"):
        read_optional_secret("METRICS_TOKEN")


def test_a_missing_file_stops_start_up(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STRONGROOM_METRICS_TOKEN_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match="points to a missing file"):
        read_optional_secret("METRICS_TOKEN")
