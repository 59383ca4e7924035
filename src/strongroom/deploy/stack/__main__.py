"""``python -m strongroom.deploy.stack up|down|status``: the local production-like stack
(``make stack`` / ``make stack-down``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from strongroom.deploy.stack import stack as local_stack
from strongroom.deploy.stack.processes import StackError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m strongroom.deploy.stack", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("data"),
                        help="the stack lives in DATA_DIR/stack (default ./data)")
    sub = parser.add_subparsers(dest="action", required=True)
    start = sub.add_parser("up", help="start the stack in the background and say how to use it")
    start.add_argument("--instances", type=int, default=2, help="app instances (at least 2)")
    stop = sub.add_parser("down", help="stop every process of the stack and remove its data")
    stop.add_argument("--keep", action="store_true", help="keep the data and the logs")
    sub.add_parser("status", help="the processes and the database pair, as JSON")
    options = parser.parse_args(argv)
    try:
        if options.action == "up":
            started = local_stack.up(options.data_dir, instances=options.instances,
                                     say=lambda line: print(line, flush=True))
            print(usage(started))
        elif options.action == "down":
            stopped = local_stack.down(options.data_dir, keep=options.keep)
            print(f"stopped: {', '.join(stopped)}")
        else:
            print(json.dumps(local_stack.status(options.data_dir), indent=2))
    except StackError as exc:
        print(f"stack: {exc}", file=sys.stderr)
        return 1
    return 0


def usage(started: local_stack.Stack) -> str:
    stack_dir = started.stack_dir
    return "\n".join([
        "",
        f"Strongroom is running in production mode at {started.url}",
        f"  CA file (trust it, or: curl --cacert {started.ca_file} {started.url}readyz)",
        f"  configuration: STRONGROOM_ENV_FILE={started.env_file}",
        f"  processes, ports and the database URL: {stack_dir / local_stack.STATE}",
        f"  logs: {stack_dir / 'logs'}",
        f"  Prometheus (every instance's /metrics, the alert rules): {started.prometheus_url}",
        f"  the database pair: runuser -u postgres -- patronictl -c "
        f"{started.nodes[0].config} list",
        "",
        "Sign in with one of the demo accounts below (each sets up a second factor first):",
        *[line for line in started.demo.splitlines() if "password:" in line],
        "",
        "Stop it all with: make stack-down",
    ])


if __name__ == "__main__":
    sys.exit(main())
