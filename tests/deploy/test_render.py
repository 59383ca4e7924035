"""The rendered files pass the tools that will run them (haproxy -c, systemd-analyze verify,
promtool), ``strongroom deploy render`` refuses bad input, and the throwaway CA is what HAProxy
and clients need."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.core.management import call_command
from django.core.management.base import CommandError

from strongroom.deploy.installation import DeployError, Installation
from strongroom.deploy.render import render, template_names
from strongroom.deploy.tls import bundle_problems, make_certificates
from tests.deploy.edge import HAPROXY

pytestmark = pytest.mark.sqlite_only  # no database: once is enough

OPENSSL, PROMTOOL = "/usr/bin/openssl", "/usr/bin/promtool"
SYSTEMD_ANALYZE = "/usr/bin/systemd-analyze"
SYSTEMD_UNITS = (
    "strongroom@.service", "strongroom-worker.service", "strongroom-status-probe.service",
    "strongroom-status-probe.timer", "strongroom-backup-check.service",
    "strongroom-backup-check.timer", "strongroom.target",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Installation, Path]:
    """A production-shaped installation (3 instances, HAProxy dropping to its user) whose
    paths all lie in a temporary directory."""
    directory = tmp_path_factory.mktemp("rendered")
    certificates = make_certificates(directory / "tls", hosts=("records.example.com",))
    (directory / "data" / "secrets").mkdir(parents=True)
    (directory / "data" / "secrets" / "metrics-token").write_text("token\n")
    installation = Installation(
        public_host="records.example.com", data_dir=directory / "data",
        certificate=certificates.bundle, ca_file=certificates.ca_file,
        config_dir=directory / "out", bin_dir=Path(sys.executable).parent,
        write_paths=(Path("/var/backups/strongroom"),),
    )
    render(installation, directory / "out")
    return installation, directory / "out"


def test_every_template_is_rendered(rendered: tuple[Installation, Path]) -> None:
    _, out = rendered
    files = sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file())
    assert files == template_names()
    assert {"haproxy/haproxy.cfg", "haproxy/status.lua", "prometheus/prometheus.yml"} <= set(files)
    assert {f"systemd/{name}" for name in SYSTEMD_UNITS} <= set(files)


def test_haproxy_accepts_the_configuration(rendered: tuple[Installation, Path]) -> None:
    _, out = rendered
    result = subprocess.run(  # noqa: S603 - the machine's HAProxy
        [HAPROXY, "-c", "-f", str(out / "haproxy" / "haproxy.cfg")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration file is valid" in result.stdout
    config = (out / "haproxy" / "haproxy.cfg").read_text()
    assert "user haproxy" in config
    assert config.count("server app") == 6  # three instances, in both backends


def test_haproxy_refuses_a_broken_configuration(rendered: tuple[Installation, Path]) -> None:
    """The check above can fail."""
    _, out = rendered
    broken = out / "haproxy" / "broken.cfg"
    broken.write_text((out / "haproxy" / "haproxy.cfg").read_text().replace("retries 2", "retries"))
    result = subprocess.run(  # noqa: S603 - the machine's HAProxy
        [HAPROXY, "-c", "-f", str(broken)], capture_output=True, text=True, check=False
    )
    broken.unlink()
    assert result.returncode != 0


def test_the_dh_parameters_are_rfc_7919_ffdhe2048(rendered: tuple[Installation, Path]) -> None:
    _, out = rendered
    result = subprocess.run(  # noqa: S603 - OpenSSL
        [OPENSSL, "pkeyparam", "-in", str(out / "haproxy" / "ffdhe2048.pem"), "-text", "-noout"],
        capture_output=True, text=True, check=True,
    )
    assert "GROUP: ffdhe2048" in result.stdout


def test_systemd_verifies_the_units(rendered: tuple[Installation, Path], tmp_path: Path) -> None:
    _, out = rendered
    for name in SYSTEMD_UNITS:
        target = name.replace("@.service", "@8001.service")  # an instance of the template
        shutil.copy(out / "systemd" / name, tmp_path / target)
    units = [str(tmp_path / name.replace("@.service", "@8001.service")) for name in SYSTEMD_UNITS]
    result = subprocess.run(  # noqa: S603 - systemd's own checker
        [SYSTEMD_ANALYZE, "verify", "--man=no", *units],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # not even a warning


def test_systemd_reads_the_haproxy_drop_in(
    rendered: tuple[Installation, Path], tmp_path: Path
) -> None:
    """Debian's haproxy.service with our drop-in, verified together."""
    _, out = rendered
    shutil.copy("/lib/systemd/system/haproxy.service", tmp_path)
    shutil.copytree(out / "systemd" / "haproxy.service.d", tmp_path / "haproxy.service.d")
    drop_in = (tmp_path / "haproxy.service.d" / "strongroom.conf").read_text()
    assert f"CONFIG={out}/haproxy/haproxy.cfg" in drop_in
    environment = {**os.environ, "SYSTEMD_UNIT_PATH": f"{tmp_path}:"}
    result = subprocess.run(  # noqa: S603 - systemd's own checker
        [SYSTEMD_ANALYZE, "verify", "--man=no", "haproxy.service"],
        capture_output=True, text=True, check=False, env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


def test_promtool_accepts_the_prometheus_configuration(
    rendered: tuple[Installation, Path],
) -> None:
    installation, out = rendered
    config = (out / "prometheus" / "prometheus.yml").read_text()
    assert f"credentials_file: {installation.metrics_token}" in config
    assert "  scrape_interval: 15s\n  evaluation_interval: 15s\n" in config  # the default
    for port in (8001, 8002, 8003):
        assert f"- 127.0.0.1:{port}\n" in config
    result = subprocess.run(  # noqa: S603 - Prometheus's own checker
        [PROMTOOL, "check", "config", str(out / "prometheus" / "prometheus.yml")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_units_are_hardened_and_stop_gracefully(rendered: tuple[Installation, Path]) -> None:
    installation, out = rendered
    instance = (out / "systemd" / "strongroom@.service").read_text()
    for directive in ("--port %i", "--no-worker", "KillMode=mixed", "TimeoutStopSec=60"):
        assert directive in instance
    for name in SYSTEMD_UNITS:
        if name.endswith(".service"):
            unit = (out / "systemd" / name).read_text()
            for directive in ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes"):
                assert directive in unit, (name, directive)
            assert f"ReadWritePaths=-{installation.data_dir}\n" in unit
            assert "ReadWritePaths=-/var/backups/strongroom\n" in unit
    # Backups are scheduled by the worker alone: no unit runs `backup run`.
    units = [path for path in (out / "systemd").rglob("*") if path.is_file()]
    assert not any("backup run" in path.read_text() for path in units)


# -- the command and its refusals ----------------------------------------------------------


def test_render_command_refuses_bad_input(tmp_path: Path) -> None:
    certificates = make_certificates(tmp_path / "tls")
    base = ["deploy", "render", "--out", str(tmp_path / "out"), "--host", "records.example.com"]
    cases = {
        ("--certificate", str(tmp_path / "nope.pem")): "cannot read the certificate bundle",
        ("--certificate", str(certificates.ca_file)): "holds no private key",
        ("--certificate", str(certificates.bundle), "--https-port", "70000"):
            "HTTPS port 70000 is out of range",
        ("--certificate", str(certificates.bundle), "--first-port", "65535"):
            "app instance port 65536 is out of range",
        ("--certificate", str(certificates.bundle), "--data-dir", "relative/data"):
            "must be an absolute path",
        ("--certificate", str(certificates.bundle), "--hsts-seconds", "300"):
            "HSTS must last at least a year",
    }
    for extra, message in cases.items():
        with pytest.raises(CommandError, match=message):
            call_command(*base, *extra)
    assert not (tmp_path / "out").exists()


def test_production_needs_two_instances() -> None:
    one = Installation(
        public_host="records.example.com", data_dir=Path("/var/lib/strongroom"),
        certificate=Path("/etc/haproxy/certs/strongroom.pem"), instances=1,
    )
    assert any("at least 2 app instances" in problem for problem in one.problems())
    with pytest.raises(DeployError, match="at least 2 app instances"):
        render(one, Path("/nonexistent"))
    assert Installation(**{**one.__dict__, "production": False}).problems() == []


def test_render_command_writes_an_empty_directory_only(tmp_path: Path) -> None:
    certificates = make_certificates(tmp_path / "tls")
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("x")
    args = ["deploy", "render", "--out", str(out), "--host", "records.example.com",
            "--certificate", str(certificates.bundle)]
    with pytest.raises(CommandError, match="not empty: pass --force"):
        call_command(*args)
    call_command(*args, "--force", stdout=(log := _Text()))
    assert "wrote " + str(out / "haproxy" / "haproxy.cfg") in log.text
    assert "Next steps" in log.text


class _Text:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


# -- the throwaway CA ----------------------------------------------------------------------


@pytest.mark.parametrize("key_type", ["rsa", "ec"])
def test_throwaway_certificates(tmp_path: Path, key_type: str) -> None:
    made = make_certificates(tmp_path, key_type=key_type)
    assert (made.bundle.stat().st_mode & 0o777) == 0o600
    assert bundle_problems(made.bundle) == []
    assert bundle_problems(made.ca_file) != []
    leaf, ca = x509.load_pem_x509_certificates(made.bundle.read_bytes())[0], (
        x509.load_pem_x509_certificate(made.ca_file.read_bytes())
    )
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in names.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    usage = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    leaf.verify_directly_issued_by(ca)
    key = leaf.public_key()
    if key_type == "rsa":
        assert isinstance(key, rsa.RSAPublicKey)
        assert key.key_size == 2048
    else:
        assert isinstance(key, ec.EllipticCurvePublicKey)
        assert key.curve.name == "secp256r1"
    assert (leaf.not_valid_after_utc - leaf.not_valid_before_utc).days <= 366


def test_a_bundle_with_someone_elses_key_is_refused(tmp_path: Path) -> None:
    first, second = make_certificates(tmp_path / "1"), make_certificates(tmp_path / "2")
    certificate = first.bundle.read_bytes().split(b"-----BEGIN PRIVATE KEY-----")[0]
    key = b"-----BEGIN PRIVATE KEY-----" + second.bundle.read_bytes().split(
        b"-----BEGIN PRIVATE KEY-----"
    )[1]
    mixed = tmp_path / "mixed.pem"
    mixed.write_bytes(certificate + key)
    assert bundle_problems(mixed) == [
        f"{mixed}: the private key does not belong to its first certificate"
    ]


ALERTS = """groups:
  - name: strongroom
    rules:
      - alert: InstanceDown
        expr: up{job="strongroom"} == 0
        for: 2m
        annotations:
          summary: "{{ $labels.instance }} is down"
"""


def test_prometheus_rule_files_are_copied_as_they_are_and_named(
    rendered: tuple[Installation, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rule files (Prometheus's own {{ $labels }} templates) next to prometheus.yml in the
    templates are copied unchanged and listed in rule_files."""
    from strongroom.deploy import render as render_module

    installation, _ = rendered
    templates = tmp_path / "templates"
    shutil.copytree(render_module.TEMPLATES, templates)
    (templates / "prometheus" / "alerts.yml").write_text(ALERTS)
    monkeypatch.setattr(render_module, "TEMPLATES", templates)
    out = tmp_path / "out"
    render(installation, out)
    assert (out / "prometheus" / "alerts.yml").read_text() == ALERTS
    assert "rule_files:\n  - alerts.yml\n" in (out / "prometheus" / "prometheus.yml").read_text()
    result = subprocess.run(  # noqa: S603 - Prometheus's own checker
        [PROMTOOL, "check", "config", str(out / "prometheus" / "prometheus.yml")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 1 rules found" in result.stdout
