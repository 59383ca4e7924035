"""Fixtures of the status tests: a test CA with a server certificate, a second CA nobody
trusts, real HTTPS and HTTP targets, and a status configuration in a throwaway directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from strongroom.platform.status.config import StatusConfig
from tests.status.certs import Tls, issue
from tests.status.servers import Target, serving


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return issue(tmp_path_factory.mktemp("status-tls"))


@pytest.fixture(scope="session")
def other_tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    """A certificate for 127.0.0.1 from a CA the prober is not told to trust."""
    return issue(tmp_path_factory.mktemp("status-other-tls"))


@pytest.fixture
def public(tls: Tls) -> Iterator[Target]:
    """The public endpoint over HTTPS, answering as a healthy installation."""
    with serving(cert=tls.cert, key=tls.key) as target:
        target.ready()
        yield target


@pytest.fixture
def instance() -> Iterator[Target]:
    """A local app instance over HTTP, ready."""
    with serving() as target:
        target.ready()
        yield target


@pytest.fixture
def make_config(tmp_path: Path, tls: Tls) -> Callable[..., StatusConfig]:
    def make(**values: Any) -> StatusConfig:
        values.setdefault("public_dir", tmp_path / "status" / "public")
        values.setdefault("ca_file", str(tls.ca))
        values.setdefault("timeout", 1.0)
        values["instances"] = tuple(values.get("instances", ()))
        return StatusConfig(**values)

    return make
