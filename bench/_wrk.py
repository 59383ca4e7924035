"""wrk (Debian's package) for ``bench.api``: a Lua script per scenario, runs, and its output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench._scenarios import PLACEHOLDER, Scenario

THREADS = 2
CONNECTIONS = 16
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}  # to milliseconds


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: int


def require_wrk() -> str:
    """The wrk executable, or exit saying how to install it."""
    found = shutil.which("wrk")
    if found is None:
        sys.exit("bench.api: wrk is missing: run scripts/bench-deps.sh as root "
                 "(or apt-get install wrk)")
    return found


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string literal for these characters


def _lua_expression(template: str) -> str:
    """Lua that builds ``template`` for the current request (see bench/_scenarios.fill)."""
    values = {"id": "ids[i % #ids + 1]", "email": "emails[i % #emails + 1]",
              "org": "orgs[i % #orgs + 1]", "n": "tostring(i)"}
    parts: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(_lua_string(template[position:match.start()]))
        parts.append(values[match.group(1)])
        position = match.end()
    parts.append(_lua_string(template[position:]))
    return " .. ".join(part for part in parts if part != '""') or '""'


def lua_script(
    scenario: Scenario, *, headers: dict[str, str], ids: list[str], emails: list[str],
    orgs: list[str], cookies: Sequence[str] = (), base: int = 0,
) -> str:
    """A wrk script for ``scenario``: each thread numbers its requests from its own offset
    after ``base`` (one per run: an update repeating an earlier run's value would change
    nothing), so that paths rotate over the people and created names stay unique; ``cookies``
    rotate too."""
    table = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
    return "\n".join([
        f"local ids = {{{', '.join(map(_lua_string, ids))}}}",
        f"local emails = {{{', '.join(map(_lua_string, emails))}}}",
        f"local orgs = {{{', '.join(map(_lua_string, orgs))}}}",
        f"local cookies = {{{', '.join(map(_lua_string, cookies))}}}",
        "local threads = 0",
        "function setup(thread)",
        f"  thread:set('offset', {base} + threads * 10000000)",
        "  threads = threads + 1",
        "end",
        "local n = 0",
        "function request()",
        "  n = n + 1",
        "  local i = (offset or 0) + n",
        f"  local headers = {{{table}}}",
        "  if #cookies > 0 then headers['Cookie'] = cookies[i % #cookies + 1] end",
        f"  local body = {_lua_expression(scenario.body) if scenario.body else 'nil'}",
        f"  return wrk.format({_lua_string(scenario.method)}, {_lua_expression(scenario.path)},"
        " headers, body)",
        "end",
        "",
    ])


def run(url: str, script: Path, *, seconds: int) -> WrkResult:
    """wrk with the benchmark's settings for ``seconds`` against ``url``."""
    done = subprocess.run(  # noqa: S603 - wrk with arguments built here
        [require_wrk(), f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s",
         "--latency", "-s", str(script), url],
        capture_output=True, text=True, check=False, timeout=seconds + 60,
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return parse(done.stdout)


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def parse(output: str) -> WrkResult:
    """The figures of wrk's ``--latency`` output."""
    total = re.search(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m),", output, re.M)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    if not (total and rate and p50 and p99):
        raise ValueError(f"unexpected wrk output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return WrkResult(
        requests=int(total.group(1)),
        seconds=_milliseconds(total.group(2) + total.group(3)) / 1000,
        per_second=float(rate.group(1)),
        p50_ms=_milliseconds(p50.group(1)),
        p99_ms=_milliseconds(p99.group(1)),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(map(int, errors.groups())) if errors else 0,
    )
