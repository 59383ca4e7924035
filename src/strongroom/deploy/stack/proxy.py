"""The TLS proxy of the local stack: HAProxy in front of the app instances, with a throwaway
CA and server certificate.

TEMPORARY: a minimal configuration and certificate of this module's own, until the
installation renderer (``strongroom.deploy.render``) and its throwaway CA
(``strongroom.deploy.tls``) take their place here."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from ipaddress import ip_address
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from strongroom.deploy.stack.processes import Process, spawn, wait_for_port

CONFIG = """\
global
    maxconn 4096
    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets

defaults
    mode http
    timeout connect 3s
    timeout client 60s
    timeout server 60s
    timeout check 2s

frontend https
    bind 127.0.0.1:{https_port} ssl crt {bundle} alpn h2,http/1.1
    http-request del-header X-Forwarded-For
    http-request set-header X-Forwarded-Proto https
    default_backend app

backend app
    balance leastconn
    option httpchk
    http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    option redispatch 1
    retries 2
    retry-on conn-failure
    default-server check inter 1s fastinter 500ms downinter 2s fall 2 rise 2
{servers}"""


def make_certificates(directory: Path) -> tuple[Path, Path]:
    """A CA (``ca.pem``) and HAProxy's bundle for 127.0.0.1 and localhost signed by it."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Strongroom local stack CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.IPAddress(ip_address("127.0.0.1")), x509.DNSName("localhost")]
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    ca_file, bundle = directory / "ca.pem", directory / "haproxy.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    descriptor = os.open(bundle, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(server.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ))
    return ca_file, bundle


def start_proxy(stack_dir: Path, *, https_port: int, app_ports: list[int]) -> tuple[Process, Path]:
    """HAProxy on ``https_port`` in front of ``app_ports``; the process and the CA file."""
    ca_file, bundle = make_certificates(stack_dir / "tls")
    servers = "".join(
        f"    server app{number} 127.0.0.1:{port}\n"
        for number, port in enumerate(app_ports, start=1)
    )
    config = stack_dir / "haproxy" / "haproxy.cfg"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(CONFIG.format(https_port=https_port, bundle=bundle, servers=servers))
    process = spawn(
        role="proxy", port=https_port, log=stack_dir / "logs" / "haproxy.log",
        env={"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/bin")},
        argv=["haproxy", "-W", "-db", "-f", str(config)],
    )
    wait_for_port(process, seconds=30)
    return process, ca_file
