"""/metrics: only with the bearer token (else the same 404 as an unknown path), in Prometheus'
text format, with every request counted by its route name and every query by its database."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.metrics.conftest import TOKEN, samples, scrape, value

pytestmark = pytest.mark.django_db


def _unknown_path_answer(client: Client) -> tuple[int, str]:
    answer = client.get("/metricz")  # an unknown path of the same length
    return answer.status_code, answer.content.decode().replace("/metricz", "/metrics")


@pytest.mark.parametrize("header", [
    None, "Bearer wrong-token-of-the-same-kind-0123456789-abcdefghij", f"Basic {TOKEN}",
    f"Bearer {TOKEN}x", "Bearer ",
])
def test_without_the_right_token_the_endpoint_answers_like_an_unknown_path(
    client: Client, metrics_token: str, header: str | None
) -> None:
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    answer = client.get("/metrics", **extra)
    assert answer.status_code == 404
    assert (answer.status_code, answer.content.decode()) == _unknown_path_answer(client)
    assert b"strongroom_" not in answer.content


def test_without_a_configured_token_the_endpoint_does_not_exist(
    client: Client, settings: object
) -> None:
    settings.STRONGROOM_METRICS_TOKEN = ""  # type: ignore[attr-defined]
    for header in ("Bearer ", f"Bearer {TOKEN}", "Bearer"):
        answer = client.get("/metrics", HTTP_AUTHORIZATION=header)
        assert answer.status_code == 404
        assert b"strongroom_" not in answer.content


def test_with_the_token_it_answers_in_the_text_format(client: Client, metrics_token: str) -> None:
    answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {metrics_token}")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain; version=0.0.4")
    assert answer["Cache-Control"] == "no-store"
    text = answer.content.decode()
    assert "# TYPE strongroom_http_requests_total counter" in text
    assert "# TYPE strongroom_http_request_duration_seconds histogram" in text
    assert 'strongroom_metrics_collector_up{collector="backups"} 1.0' in text
    assert "Set-Cookie" not in answer  # no session is started for a scrape


def test_a_request_counts_under_its_route_name_method_and_status(
    client: Client, metrics_token: str
) -> None:
    before = scrape(client)
    assert client.get("/healthz").status_code == 200
    assert client.get("/no/such/page/12345").status_code == 404
    after = scrape(client)

    def moved(name: str, **labels: str) -> float:
        return (value(after, name, **labels) or 0) - (value(before, name, **labels) or 0)

    assert moved("strongroom_http_requests_total", route="web:health", method="GET",
                 status="200") == 1
    assert moved("strongroom_http_requests_total", route="unmatched", method="GET",
                 status="404") == 1
    assert moved("strongroom_http_request_duration_seconds_count", route="web:health",
                 method="GET") == 1
    assert moved("strongroom_http_requests_total", route="metrics", method="GET",
                 status="200") == 1  # the first scrape
    assert not any("12345" in dict(labels).get("route", "") for _, labels in after)


def test_database_queries_are_counted_by_alias(client: Client, metrics_token: str) -> None:
    before = scrape(client)
    for _ in range(3):
        client.get("/healthz")  # SELECT 1 on the records database
    after = scrape(client)
    queries = "strongroom_db_queries_total"
    assert (value(after, queries, database="default") or 0) - (
        value(before, queries, database="default") or 0
    ) >= 3
    assert (value(after, "strongroom_db_query_seconds_total", database="default") or 0) > 0


def test_labels_name_no_company(client: Client, metrics_token: str, world: object) -> None:
    client.get("/c/acme/")
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert "acme" not in text.lower()
    assert all("acme" not in str(labels) for _, labels in samples(text))


def test_prometheus_scrapes_the_instance_directly_in_production(
    client: Client, metrics_token: str, settings: object
) -> None:
    """Over plain HTTP to 127.0.0.1:<port>, with no Host header of the installation: the
    token is the only key; without it, /metrics is refused like any unknown path."""
    settings.SECURE_SSL_REDIRECT = True  # type: ignore[attr-defined]
    settings.ALLOWED_HOSTS = ["records.example.com"]  # type: ignore[attr-defined]
    direct = {"HTTP_HOST": "127.0.0.1:8001"}
    answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {metrics_token}", **direct)
    assert answer.status_code == 200
    assert b"strongroom_http_requests_total" in answer.content
    refused = client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope", **direct)
    unknown = client.get("/metricz", **direct)
    assert refused.status_code == unknown.status_code == 400  # the host check
    assert refused.content == unknown.content
    proxied = {"HTTP_HOST": "records.example.com"}
    refused = client.get("/metrics", **proxied)
    unknown = client.get("/metricz", **proxied)
    assert refused.status_code == unknown.status_code == 301  # to HTTPS
    assert refused["Location"] == "https://records.example.com/metrics"
