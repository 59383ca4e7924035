"""A throwaway certificate authority and a server certificate signed by it, for the local stack
and the tests: HAProxy's PEM bundle (certificate then key, mode 0600) and the CA file that
clients trust. Never for a real installation, which uses a certificate from a public CA."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import ip_address
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# Mozilla intermediate: at most 366 days; 90 is what it recommends.
LIFETIME = timedelta(days=90)

PRIVATE_KEY = re.compile(
    rb"-----BEGIN ([A-Z ]*)PRIVATE KEY-----.+?-----END \1PRIVATE KEY-----", re.S
)

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class ThrowawayCertificates:
    """What :func:`make_certificates` wrote."""

    ca_file: Path
    bundle: Path


def _key(kind: str) -> PrivateKey:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    raise ValueError(f"key type {kind!r}: expected 'rsa' (2048 bits) or 'ec' (P-256)")


def _names(hosts: tuple[str, ...]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def make_certificates(
    directory: Path, *, hosts: tuple[str, ...] = ("127.0.0.1", "localhost"), key_type: str = "rsa"
) -> ThrowawayCertificates:
    """Write ``ca.pem`` and ``haproxy.pem`` (server certificate and key) into ``directory``:
    a server certificate for ``hosts`` (subject alternative names; IP addresses as such),
    CA:false, for server authentication only, signed by a CA made here and thrown away."""
    now = datetime.now(UTC)
    ca_key = _key(key_type)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Strongroom throwaway CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = _key(key_type)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + LIFETIME)
        .add_extension(x509.SubjectAlternativeName(_names(hosts)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    found = ThrowawayCertificates(ca_file=directory / "ca.pem", bundle=directory / "haproxy.pem")
    found.ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(found.bundle, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as bundle:
        bundle.write(certificate.public_bytes(serialization.Encoding.PEM) + key_pem)
    found.bundle.chmod(0o600)  # also when the file was there before
    return found


def bundle_problems(bundle: Path) -> list[str]:
    """What is wrong with an HAProxy PEM bundle: it must hold the server certificate (then any
    intermediates) and the certificate's private key, unencrypted."""
    try:
        data = bundle.read_bytes()
    except OSError as error:
        return [f"cannot read the certificate bundle {bundle}: {error.strerror}"]
    try:
        chain = x509.load_pem_x509_certificates(data)
    except ValueError:
        return [f"{bundle} holds no PEM certificate"]
    block = PRIVATE_KEY.search(data)
    if block is None:
        return [f"{bundle} holds no private key (HAProxy wants certificate and key in one file)"]
    try:
        key = serialization.load_pem_private_key(block.group(0), password=None)
    except (ValueError, TypeError):
        return [f"{bundle}: the private key cannot be read (encrypted or malformed)"]
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.PEM, public) != (
        chain[0].public_key().public_bytes(serialization.Encoding.PEM, public)
    ):
        return [f"{bundle}: the private key does not belong to its first certificate"]
    return []
