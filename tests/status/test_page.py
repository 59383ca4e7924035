"""The page and status.json: valid and self-contained HTML with a text for every bar, a
document of the promised shape, atomic 0644 writes, and "stale" when the last probe is old."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import threading
from collections.abc import Callable

import pytest

from strongroom.platform.status import page, runner
from strongroom.platform.status.config import StatusConfig
from strongroom.platform.status.probe import COMPONENTS
from tests.status.helpers import check_schema, parse, seed
from tests.status.servers import Target

Config = Callable[..., StatusConfig]
T0 = 1_800_000_000


def test_the_page_is_valid_self_contained_and_accessible(make_config: Config) -> None:
    config = make_config()
    seed(config, last=T0)
    page.publish(config, now=T0 + 30)
    html = (config.public_dir / "index.html").read_text(encoding="utf-8")
    parsed = parse(html)
    assert parsed.doctype.lower() == "doctype html"
    assert parsed.errors == []
    assert parsed.open_tags == []
    assert parsed.tags("html")[0]["lang"] == "en"
    assert parsed.tags("meta", name="viewport")
    # Nothing external: no links, images, frames or script sources; no URL in the CSS.
    assert not [t for t, a in parsed.starts if t in ("link", "img", "iframe", "object")]
    assert not [a for t, a in parsed.starts if "src" in a or "href" in a]
    assert "url(" not in parsed.style
    assert "@import" not in parsed.style
    # The policy allows exactly the inline style and script the page holds.
    policy = parsed.tags("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"]
    assert "default-src 'none'" in policy
    for text in (parsed.style, parsed.script):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    # Readable without JavaScript: the state, and a text for each of 90 bars per component.
    assert "All systems operational" in parsed.text
    lists = parsed.tags("ol", **{"class": "bars"})
    assert len(lists) == len(COMPONENTS)
    assert all("aria-label" in found for found in lists)
    titles = [a["title"] for t, a in parsed.starts if t == "li" and a.get("class", "")[:2] == "b-"]
    assert len(titles) == 90 * len(COMPONENTS)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d: (no data|\d+(\.\d+)? % up)", t) for t in titles)
    assert "2027-01-14: 0 % up" in titles  # the Database bar of the day with its only failure
    assert "2027-01-15: 100 % up" in titles
    for title in titles[:5]:
        assert title in parsed.text  # the same words for screen readers, not only a tooltip
    assert "Last checked: 2027-01-15 08:00 UTC" in " ".join(parsed.text.split())


def test_status_json_has_the_promised_shape(
    public: Target, instance: Target, make_config: Config
) -> None:
    config = make_config(public_url=public.url, instances=[instance.url])
    instance.not_ready({"key_store": "the key store does not open"})
    runner.probe_once(config)
    status = json.loads((config.public_dir / "status.json").read_text())
    check_schema(status)
    assert [c["name"] for c in status["components"]] == list(COMPONENTS)
    assert {c["name"]: c["state"] for c in status["components"]}["Key store"] == "down"
    assert status["overall"] == "partial_outage"
    assert len(status["incidents"]["open"]) == 1
    assert status["stale"] is False


def test_files_are_written_atomically_and_readable_by_the_proxy(make_config: Config) -> None:
    config = make_config()
    seed(config, last=T0)
    page.publish(config, now=T0)
    for name in ("index.html", "status.json"):
        assert (config.public_dir / name).stat().st_mode & 0o777 == 0o644
    assert sorted(os.listdir(config.public_dir)) == ["index.html", "status.json"]
    assert not (config.public_dir / "history.sqlite3").exists()

    # A reader never sees a part: documents of different sizes, read while rewritten.
    target = config.public_dir / "status.json"
    stop = threading.Event()
    seen: list[int] = []
    failures: list[str] = []

    def read() -> None:
        while not stop.is_set():
            try:
                seen.append(len(json.loads(target.read_text())["padding"]))
            except ValueError as error:
                failures.append(str(error))

    page.write_atomically(target, json.dumps({"padding": ""}))
    reader = threading.Thread(target=read)
    reader.start()
    try:
        for round_ in range(300):
            page.write_atomically(target, json.dumps({"padding": "x" * (round_ % 7 * 20000)}))
    finally:
        stop.set()
        reader.join()
    assert failures == []
    assert len(set(seen)) > 1


def test_a_failed_write_leaves_the_old_file_and_no_litter(make_config: Config) -> None:
    config = make_config()
    page.publish(config, now=T0)
    before = (config.public_dir / "index.html").read_bytes()
    with pytest.raises(UnicodeEncodeError):
        page.write_atomically(config.public_dir / "index.html", "broken \udc80")
    assert (config.public_dir / "index.html").read_bytes() == before
    assert sorted(os.listdir(config.public_dir)) == ["index.html", "status.json"]


def test_a_page_rendered_long_after_its_last_probe_is_marked_stale(make_config: Config) -> None:
    config = make_config()
    seed(config, last=T0)
    fresh = page.publish(config, now=T0 + config.stale_after)
    assert fresh["stale"] is False
    html = parse((config.public_dir / "index.html").read_text())
    assert "hidden" in html.tags("p", id="stale")[0]
    assert html.tags("html")[0].get("class") is None

    stale = page.publish(config, now=T0 + config.stale_after + 1)
    assert stale["stale"] is True
    html = parse((config.public_dir / "index.html").read_text())
    note = html.tags("p", id="stale")[0]
    assert "hidden" not in note
    assert html.tags("html")[0].get("class") == "is-stale"
    assert "This page is out of date: the last check ran at 2027-01-15 08:00 UTC" in html.text
    assert json.loads((config.public_dir / "status.json").read_text())["stale"] is True


def test_the_page_says_how_old_is_too_old(make_config: Config) -> None:
    config = make_config(interval=60)
    seed(config, last=T0)
    page.publish(config, now=T0)
    text = " ".join(parse((config.public_dir / "index.html").read_text()).text.split())
    assert "The checks run every minute; when the last one is more than 5 minutes old" in text
    body = parse((config.public_dir / "index.html").read_text()).tags("body")[0]
    assert body["data-last-probe"] == "2027-01-15T08:00:00Z"
    assert body["data-stale-after"] == "300"
