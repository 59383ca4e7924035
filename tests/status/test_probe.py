"""The probes against real HTTP(S) targets: up only when the target answers as it should over
a trusted certificate; unreachable, silent and untrusted targets are down; never a hang."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from strongroom.platform.status import probe
from strongroom.platform.status.config import StatusConfig
from strongroom.platform.status.probe import APPLICATION, CACHE, DATABASE, KEY_STORE, WEB
from tests.backups.servers import free_port
from tests.status.certs import Tls, issue
from tests.status.servers import HANG, Target, serving, silent_port

Config = Callable[..., StatusConfig]


def states(observations: list[probe.Observation]) -> dict[str, bool]:
    return {o.component: o.up for o in observations}


def test_a_healthy_public_endpoint_is_up_over_trusted_tls(public: Target, make_config: Config):
    found = probe.probe(make_config(public_url=public.url))
    assert states(found) == {WEB: True, APPLICATION: True}
    assert all(o.latency_ms is not None and o.latency_ms >= 0 for o in found)
    assert public.hits("/healthz") == 1
    assert public.hits("/readyz") == 1


def test_a_503_is_down(public: Target, make_config: Config) -> None:
    public.answer("/readyz", 503, {"status": "not ready"})
    assert states(probe.probe(make_config(public_url=public.url))) == {
        WEB: True, APPLICATION: False,
    }
    public.answer("/healthz", 503, {"status": "error"})
    assert states(probe.probe(make_config(public_url=public.url))) == {
        WEB: False, APPLICATION: False,
    }


def test_other_answers_and_redirects_are_down(public: Target, make_config: Config) -> None:
    public.answer("/healthz", 301, b"")
    public.answer("/readyz", 500, b"oops")
    assert states(probe.probe(make_config(public_url=public.url))) == {
        WEB: False, APPLICATION: False,
    }


def test_an_untrusted_certificate_is_down(other_tls: Tls, make_config: Config) -> None:
    with serving(cert=other_tls.cert, key=other_tls.key) as stranger:
        stranger.ready()
        found = probe.probe(make_config(public_url=stranger.url))
        assert states(found) == {WEB: False, APPLICATION: False}
        assert "certificate" in found[0].detail
        # The same server is up for a prober that trusts its CA: the certificate was the cause.
        trusting = make_config(public_url=stranger.url, ca_file=str(other_tls.ca))
        assert states(probe.probe(trusting)) == {WEB: True, APPLICATION: True}


def test_a_certificate_for_another_name_is_down(tmp_path: Path, make_config: Config) -> None:
    """Signed by a trusted CA, but for another host: refused."""
    elsewhere = issue(tmp_path / "elsewhere", ip=False, dns=("status.example",))
    with serving(cert=elsewhere.cert, key=elsewhere.key) as target:
        target.ready()
        found = probe.probe(make_config(public_url=target.url, ca_file=str(elsewhere.ca)))
    assert states(found) == {WEB: False, APPLICATION: False}
    assert "certificate" in found[0].detail


def test_an_expired_certificate_is_down(tmp_path: Path, make_config: Config) -> None:
    old = issue(tmp_path / "old", expired=True)
    with serving(cert=old.cert, key=old.key) as target:
        target.ready()
        found = probe.probe(make_config(public_url=target.url, ca_file=str(old.ca)))
    assert states(found) == {WEB: False, APPLICATION: False}
    assert "expired" in found[0].detail


def test_nothing_listening_is_down(make_config: Config) -> None:
    port = free_port()
    config = make_config(public_url=f"https://127.0.0.1:{port}", instances=[
        f"http://127.0.0.1:{port}"
    ])
    found = probe.probe(config)
    assert states(found) == {
        WEB: False, APPLICATION: False, DATABASE: False, KEY_STORE: False, CACHE: False,
    }
    assert "no instance says" in next(o.detail for o in found if o.component == DATABASE)


def test_a_silent_target_times_out_as_down(make_config: Config) -> None:
    with silent_port() as port, serving() as holding:
        holding.answer("/readyz", HANG)
        config = make_config(
            public_url=f"https://127.0.0.1:{port}", instances=[holding.url], timeout=1.0
        )
        started = time.monotonic()
        found = probe.probe(config)
        elapsed = time.monotonic() - started
    assert states(found) == {
        WEB: False, APPLICATION: False, DATABASE: False, KEY_STORE: False, CACHE: False,
    }
    assert elapsed < 1.0 + probe.GRACE_SECONDS + 1.0, elapsed  # never hangs


def test_fetch_all_gives_up_on_a_target_at_the_deadline() -> None:
    with serving() as holding:
        holding.answer("/slow", HANG)
        started = time.monotonic()
        answers = probe.fetch_all({"slow": f"{holding.url}/slow"}, timeout=1.0)
        assert time.monotonic() - started < 1.0 + probe.GRACE_SECONDS + 0.5
    assert answers["slow"].status is None


def test_local_readiness_names_the_failing_components(
    public: Target, instance: Target, make_config: Config
) -> None:
    config = make_config(public_url=public.url, instances=[instance.url])
    assert all(states(probe.probe(config)).values())
    instance.not_ready({"cache": "the cache does not answer"})
    public.answer("/readyz", 503, {"status": "not ready"})
    found = states(probe.probe(config))
    assert found == {
        WEB: True, APPLICATION: False, DATABASE: True, KEY_STORE: True, CACHE: False,
    }
    instance.not_ready({"database": "the database does not answer", "key_store": "x"})
    found = states(probe.probe(config))
    assert (found[DATABASE], found[KEY_STORE], found[CACHE]) == (False, False, True)


def test_checks_that_speak_for_no_component_leave_them_up(
    instance: Target, make_config: Config
) -> None:
    """Unapplied migrations (or a draining instance) make it unready, not the database down."""
    for check in ("migrations", "draining"):
        instance.not_ready({check: "not ready for this reason"})
        found = states(probe.probe(make_config(instances=[instance.url])))
        assert found == {APPLICATION: False, DATABASE: True, KEY_STORE: True, CACHE: True}


def test_a_readiness_answer_without_details_is_no_evidence(
    instance: Target, make_config: Config
) -> None:
    """A 503 that names nothing (not a local probe) cannot show a component up."""
    instance.answer("/readyz", 503, {"status": "not ready"})
    found = states(probe.probe(make_config(instances=[instance.url])))
    assert found == {APPLICATION: False, DATABASE: False, KEY_STORE: False, CACHE: False}
    instance.answer("/readyz", 200, b"not json")  # ready by its status, silent on the rest
    found = states(probe.probe(make_config(instances=[instance.url])))
    assert found == {APPLICATION: True, DATABASE: False, KEY_STORE: False, CACHE: False}


def test_one_instance_that_reaches_a_component_shows_it_up(
    instance: Target, make_config: Config
) -> None:
    with serving() as second:
        second.not_ready({"cache": "the cache does not answer"})
        both = make_config(instances=[instance.url, second.url])
        assert all(states(probe.probe(both)).values())
        alone = states(probe.probe(make_config(instances=[second.url])))
        assert alone == {APPLICATION: False, DATABASE: True, KEY_STORE: True, CACHE: False}


def test_nothing_configured_probes_nothing(make_config: Config) -> None:
    assert probe.probe(make_config()) == []
