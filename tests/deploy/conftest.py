"""One HAProxy for the deploy tests, in front of two small HTTP servers ("a" and "b")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from strongroom.deploy.stack.processes import free_ports
from tests.deploy.edge import Edge, haproxy, installation_for, start_backend, stop


@pytest.fixture(scope="session")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    directory: Path = tmp_path_factory.mktemp("edge")
    first = free_ports(2)
    installation, certificates = installation_for(directory, first_port=first, instances=2)
    with haproxy(installation, directory) as process:
        found = Edge(installation, certificates, directory, process)
        try:
            for name, port in zip("ab", installation.app_ports, strict=True):
                start_backend(found, name, port)
            found.wait_until(lambda: both_serve(found), what="both instances in rotation")
            yield found
        finally:
            for backend in found.backends.values():
                stop(backend)


def instances_answering(edge: Edge, count: int = 10) -> set[str]:
    return {edge.request("GET", "/who").json()["instance"] for _ in range(count)}


def both_serve(edge: Edge) -> bool:
    try:
        return instances_answering(edge) == {"a", "b"}
    except (OSError, ValueError):
        return False
