"""P-C1 on the running stack: its HTTPS port, as the local stack configures the proxy, passes a
real TLS scanner's Mozilla "intermediate" check, refuses every version before TLS 1.2 and
sends HSTS (tests/deploy/test_tls_scan.py scans the same rendered configuration in detail)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.deploy.edge import scan
from tests.stack.conftest import Running

pytestmark = pytest.mark.postgresql_only


def test_the_stacks_https_port_is_mozilla_intermediate_with_hsts(
    running: Running, tmp_path: Path
) -> None:
    port = urlsplit(running.stack.url).port
    assert port is not None
    result, found = scan(Path(running.stack.ca_file), port, tmp_path / "scan.json")
    assert result.returncode == 0, result.stdout[-3000:]
    assert ": OK - Compliant." in result.stdout
    for version in ("ssl_2_0", "ssl_3_0", "tls_1_0", "tls_1_1"):
        assert found[f"{version}_cipher_suites"]["result"]["is_tls_version_supported"] is False
    for version in ("tls_1_2", "tls_1_3"):
        assert found[f"{version}_cipher_suites"]["result"]["is_tls_version_supported"] is True
    hsts = found["http_headers"]["result"]["strict_transport_security_header"]
    assert hsts["max_age"] >= 31536000
