"""What the status tests share: the page parsed with html.parser, status.json's shape, and a
history of probes to render."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from strongroom.platform.status import history
from strongroom.platform.status.config import StatusConfig
from strongroom.platform.status.probe import COMPONENTS, Observation

VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "area", "base", "col"}


@dataclass
class Page(HTMLParser):
    """The parsed page: every start tag with its attributes, the text, inline style and
    script, the bars, and whether tags nest properly."""

    starts: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: str = ""
    style: str = ""
    script: str = ""
    doctype: str = ""
    open_tags: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, {name: value or "" for name, value in attrs}))
        if tag not in VOID:
            self.open_tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags or self.open_tags[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open_tags[-1:]}")
            return
        self.open_tags.pop()

    def handle_data(self, data: str) -> None:
        current = self.open_tags[-1] if self.open_tags else ""
        if current == "style":
            self.style += data
        elif current == "script":
            self.script += data
        else:
            self.text += data

    def tags(self, tag_name: str, **attrs: str) -> list[dict[str, str]]:
        return [
            found for tag, found in self.starts
            if tag == tag_name and all(found.get(k) == v for k, v in attrs.items())
        ]


def parse(html: str) -> Page:
    parsed = Page()
    parsed.feed(html)
    parsed.close()
    return parsed


def seed(config: StatusConfig, *, last: int) -> None:
    """Ten days of probes, one failing Database probe a day ago; the last run at ``last``."""
    with history.opened(config.history_file) as connection:
        for back in range(10, 0, -1):
            at = last - back * history.DAY
            observations = [Observation(n, not (back == 1 and n == "Database"), 9, "") for n in
                            COMPONENTS]
            history.record_probes(connection, at=at, observations=observations)
        history.record_probes(
            connection, at=last, observations=[Observation(n, True, 9, "") for n in COMPONENTS]
        )


STATUS_KEYS = {
    "version", "generated_at", "last_probe_at", "interval_seconds", "stale_after_seconds",
    "stale", "overall", "components", "incidents",
}
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def check_schema(status: dict[str, Any]) -> None:
    assert set(status) == STATUS_KEYS
    assert status["version"] == 1
    assert ISO.fullmatch(status["generated_at"])
    assert status["last_probe_at"] is None or ISO.fullmatch(status["last_probe_at"])
    assert isinstance(status["stale"], bool)
    assert status["overall"] in ("operational", "partial_outage", "major_outage", "unknown")
    for component in status["components"]:
        assert set(component) == {"name", "state", "latency_ms", "uptime_90d", "days"}
        assert component["state"] in ("up", "down", "unknown")
        assert component["uptime_90d"] is None or 0 <= component["uptime_90d"] <= 100
        assert len(component["days"]) == 90
        for day in component["days"]:
            assert set(day) == {"date", "probes", "uptime"}
            assert (day["uptime"] is None) == (day["probes"] == 0)
    assert set(status["incidents"]) == {"open", "recent"}
    for incident in status["incidents"]["open"] + status["incidents"]["recent"]:
        assert set(incident) == {
            "id", "kind", "title", "state", "components", "started_at", "ended_at", "updates",
        }
        assert incident["kind"] in ("automatic", "operator")
        for update in incident["updates"]:
            assert set(update) == {"at", "state", "message"}
