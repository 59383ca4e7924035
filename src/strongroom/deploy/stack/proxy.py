"""The TLS proxy of the local stack: HAProxy as ``strongroom deploy render`` configures it for
an installation on 127.0.0.1 (the app instances on consecutive ports), with a throwaway CA."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from strongroom.deploy.installation import Installation
from strongroom.deploy.render import render
from strongroom.deploy.stack import prometheus
from strongroom.deploy.stack.app import metrics_token_file
from strongroom.deploy.stack.processes import Process, free_port, spawn, wait_for_port
from strongroom.deploy.tls import make_certificates


def installation(stack_dir: Path, *, first_port: int, instances: int) -> Installation:
    """The installation the stack is: its certificate made here, HAProxy as this user, and
    Prometheus reading the stack's metrics token, scraping every few seconds."""
    certificates = make_certificates(stack_dir / "tls")
    described = Installation(
        public_host="127.0.0.1", data_dir=stack_dir / "app", certificate=certificates.bundle,
        ca_file=certificates.ca_file, https_port=free_port(), http_port=free_port(),
        listen_address="127.0.0.1", instances=instances, first_port=first_port,
        proxy_user=None, config_dir=stack_dir / "config", bin_dir=Path(sys.executable).parent,
        metrics_token_file=metrics_token_file(stack_dir),
        scrape_seconds=prometheus.SCRAPE_SECONDS,
    )
    described.status_page_dir.mkdir(parents=True, exist_ok=True)
    render(described, described.config_dir)
    return described


def start_proxy(stack_dir: Path, described: Installation) -> Process:
    """HAProxy on the installation's HTTPS (and redirecting HTTP) port."""
    process = spawn(
        role="proxy", port=described.https_port, log=stack_dir / "logs" / "haproxy.log",
        env={"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/bin")},
        argv=["haproxy", "-W", "-db", "-f", str(described.config_dir / "haproxy" / "haproxy.cfg")],
    )
    wait_for_port(process, seconds=30)
    return process
