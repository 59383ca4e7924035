"""Install Debian packages from a Python setup script through scripts/apt.sh (the one way)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

APT = Path(__file__).with_name("apt.sh")


def install_debian_packages(who: str, *packages: str) -> None:
    """Install ``packages`` (as root with apt-get), or exit naming what is missing."""
    if subprocess.run(["bash", str(APT), who, *packages], check=False).returncode != 0:
        sys.exit(f"{who}: could not install {' '.join(packages)}")
