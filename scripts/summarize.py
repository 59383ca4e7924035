#!/usr/bin/env python3
"""Print how many tests ran on each database, then one closing 'N passed, N failed' line."""

from __future__ import annotations

import re
import sys
from pathlib import Path

COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped)")


def counts(log: Path) -> dict[str, int]:
    found: dict[str, int] = {"passed": 0, "failed": 0, "skipped": 0, "error": 0}
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.startswith("=")]
    for line in reversed(lines):
        matches = COUNT.findall(line)
        if matches:
            for number, word in matches:
                found["error" if word.startswith("error") else word] += int(number)
            break
    return found


def main() -> None:
    total = {"passed": 0, "failed": 0, "skipped": 0}
    for path in map(Path, sys.argv[1:]):
        result = counts(path)
        label = path.stem
        print(
            f"{label:<11} {result['passed']} passed, {result['failed']} failed, "
            f"{result['error']} errors, {result['skipped']} skipped"
        )
        total["passed"] += result["passed"]
        total["failed"] += result["failed"] + result["error"]
        total["skipped"] += result["skipped"]
    print(f"{total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")


if __name__ == "__main__":
    main()
