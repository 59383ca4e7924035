"""A real TLS scanner (sslyze, in its own environment ``.venv-tls-scan``) against the rendered
HAProxy: Mozilla's "intermediate" configuration, version by version, and HSTS (P-C1)."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from strongroom.platform.backups.ports import free_port
from tests.deploy.edge import Edge, haproxy, scan

pytestmark = pytest.mark.sqlite_only  # no database: once is enough



@pytest.fixture(scope="module")
def scanned(edge: Edge) -> tuple[subprocess.CompletedProcess, dict[str, Any]]:
    return scan(edge.certificates.ca_file, edge.https_port, edge.directory / "scan.json")


def test_compliant_with_mozilla_intermediate(scanned: Any) -> None:
    result, _ = scanned
    assert result.returncode == 0, result.stdout[-3000:]
    assert ": OK - Compliant." in result.stdout


@pytest.mark.parametrize("version", ["ssl_2_0", "ssl_3_0", "tls_1_0", "tls_1_1"])
def test_old_protocol_versions_are_refused(scanned: Any, version: str) -> None:
    found = scanned[1][f"{version}_cipher_suites"]
    assert found["status"] == "COMPLETED"
    assert found["result"]["is_tls_version_supported"] is False
    assert found["result"]["accepted_cipher_suites"] == []


@pytest.mark.parametrize(("version", "expected"), [
    ("tls_1_2", {
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    }),
    ("tls_1_3", {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    }),
])
def test_tls_1_2_and_1_3_are_accepted_with_forward_secret_aead_only(
    scanned: Any, version: str, expected: set[str]
) -> None:
    found = scanned[1][f"{version}_cipher_suites"]["result"]
    assert found["is_tls_version_supported"] is True
    accepted = found["accepted_cipher_suites"]
    assert {suite["cipher_suite"]["name"] for suite in accepted} == expected
    # DHE uses the 2048-bit ffdhe2048 group, ECDHE X25519 or a NIST curve.
    keys = [suite["ephemeral_key"] for suite in accepted]
    assert {key["size"] for key in keys if key["type_name"] == "DH"} <= {2048}


def test_hsts_in_the_scan_and_in_a_direct_request(scanned: Any, edge: Edge) -> None:
    hsts = scanned[1]["http_headers"]["result"]["strict_transport_security_header"]
    assert hsts["max_age"] == 63072000
    assert hsts["include_subdomains"] is True
    answer = edge.request("GET", "/")
    assert answer.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"


def test_plain_http_answers_301_to_https(edge: Edge) -> None:
    answer = edge.request("GET", "/accounts/login/", secure=False)
    assert answer.status == 301
    assert answer.headers["Location"] == f"https://127.0.0.1:{edge.https_port}/accounts/login/"


def test_the_scan_fails_a_weakened_configuration(edge: Edge, tmp_path: Path) -> None:
    """The check can fail: the same configuration with one cipher without forward secrecy
    added is reported non-compliant."""
    weak = edge.installation.config_dir / "haproxy" / "weak.cfg"
    config = (edge.installation.config_dir / "haproxy" / "haproxy.cfg").read_text()
    assert ":DHE-RSA-CHACHA20-POLY1305\n" in config
    installation = replace(edge.installation, https_port=free_port(), http_port=free_port())
    weak.write_text(
        config.replace(":DHE-RSA-CHACHA20-POLY1305\n", ":DHE-RSA-CHACHA20-POLY1305:AES128-SHA\n")
        .replace(f":{edge.https_port} ssl", f":{installation.https_port} ssl")
        .replace(f":{edge.installation.http_port}\n", f":{installation.http_port}\n")
    )
    with haproxy(installation, tmp_path, config=weak):
        result, _ = scan(edge.certificates.ca_file, installation.https_port, tmp_path / "weak.json")
    assert result.returncode != 0
    assert "TLS_RSA_WITH_AES_128_CBC_SHA" in result.stdout
    assert "Compliant." not in result.stdout
