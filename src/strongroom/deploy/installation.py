"""What an installation looks like to the configuration that runs it: host name, ports, app
instances, paths and users. Plain data, checked by ``problems()``; nothing here reads /etc."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HOST_NAME = re.compile(rf"^(?=.{{1,253}}$){LABEL}(\.{LABEL})*$")
USER_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
# Paths go into HAProxy, systemd and Lua files unquoted: no spaces, quotes, `%` or `$`.
SAFE_PATH = re.compile(r"^/[A-Za-z0-9._/+@:-]*$")
LISTEN_ADDRESS = re.compile(r"^([0-9.]+|\[[0-9A-Fa-f:]+\]|\*)?$")


class DeployError(Exception):
    """The installation cannot be rendered as described: the message says why."""


@dataclass(frozen=True)
class Installation:
    """One installation: N app instances on 127.0.0.1 (ports ``first_port`` upwards) behind
    HAProxy, one worker, and the paths each piece reads or writes. ``config_dir`` is where the
    rendered ``haproxy/`` folder is installed (the HAProxy configuration names its Lua and DH
    files there), ``bin_dir`` holds the ``strongroom`` command; ``scrape_seconds`` is
    Prometheus's scrape and rule evaluation interval."""

    public_host: str
    data_dir: Path
    certificate: Path
    https_port: int = 443
    http_port: int = 80
    listen_address: str = ""
    instances: int = 3
    first_port: int = 8001
    workers_per_instance: int = 2
    ca_file: Path | None = None
    status_dir: Path | None = None
    metrics_token_file: Path | None = None
    user: str = "strongroom"
    proxy_user: str | None = "haproxy"
    bin_dir: Path = Path("/opt/strongroom/venv/bin")
    env_file: Path = Path("/etc/strongroom/strongroom.env")
    config_dir: Path = Path("/etc/strongroom")
    write_paths: tuple[Path, ...] = ()
    hsts_seconds: int = 63072000
    production: bool = True
    scrape_seconds: int = 15

    @property
    def status_page_dir(self) -> Path:
        return self.status_dir or self.data_dir / "status" / "public"

    @property
    def metrics_token(self) -> Path:
        return self.metrics_token_file or self.data_dir / "secrets" / "metrics-token"

    @property
    def app_ports(self) -> list[int]:
        return [self.first_port + offset for offset in range(self.instances)]

    @property
    def public_origin(self) -> str:
        """``https://host`` with the port when it is not 443."""
        port = "" if self.https_port == 443 else f":{self.https_port}"
        return f"https://{self.public_host}{port}"

    def problems(self) -> list[str]:
        """Everything wrong with this description, one sentence each; empty when it renders."""
        found = []
        if not HOST_NAME.match(self.public_host):
            found.append(f"public host {self.public_host!r} is not a host name")
        ports = [("HTTPS port", self.https_port), ("HTTP port", self.http_port)]
        ports += [("app instance port", port) for port in self.app_ports]
        for name, port in ports:
            if not 1 <= port <= 65535:
                found.append(f"{name} {port} is out of range (1-65535)")
        if self.https_port == self.http_port:
            found.append("the HTTPS and HTTP ports must differ")
        if {self.https_port, self.http_port} & set(self.app_ports):
            found.append("an app instance port collides with the proxy's ports")
        if self.instances < 1:
            found.append("at least one app instance is needed")
        elif self.production and self.instances < 2:
            found.append(
                "production needs at least 2 app instances (one keeps serving while the "
                "other restarts or drains)"
            )
        if self.workers_per_instance < 1:
            found.append("each instance needs at least one gunicorn worker")
        if not LISTEN_ADDRESS.match(self.listen_address):
            found.append(f"listen address {self.listen_address!r} is not an IP address")
        for name in filter(None, (self.user, self.proxy_user)):
            if not USER_NAME.match(name):
                found.append(f"user name {name!r} is not a valid system user name")
        if not 1 <= self.scrape_seconds <= 300:
            found.append("Prometheus's scrape interval must be 1 to 300 seconds")
        if self.hsts_seconds < 31536000:
            found.append("HSTS must last at least a year (31536000 s; Mozilla: 63072000)")
        for name, path in self._paths().items():
            if not path.is_absolute() or not SAFE_PATH.match(str(path)):
                found.append(f"{name} {str(path)!r} must be an absolute path without spaces, "
                             "quotes, % or $")
        return found

    def check(self) -> None:
        """Raise :class:`DeployError` naming every problem."""
        found = self.problems()
        if found:
            raise DeployError("; ".join(found))

    def _paths(self) -> dict[str, Path]:
        paths = {
            "data directory": self.data_dir, "certificate bundle": self.certificate,
            "status page directory": self.status_page_dir,
            "metrics token file": self.metrics_token, "bin directory": self.bin_dir,
            "environment file": self.env_file, "configuration directory": self.config_dir,
        }
        if self.ca_file is not None:
            paths["CA file"] = self.ca_file
        paths.update({f"writable path {path}": path for path in self.write_paths})
        return paths
