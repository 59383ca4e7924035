"""Fails when a view or API operation exists that the permission matrix does not exercise."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from tests.test_permission_matrix import ROUTES

# Handled elsewhere: allauth's sign-in pages (tests/web/test_allauth_layout.py, tests/browser)
# and the API, whose coverage is checked per OpenAPI operation in tests/api/test_api_coverage.py.
EXEMPT_NAMESPACES = {"account", "socialaccount", "api-1.0.0"}
# Not company pages: tests/web/test_home_ops.py and tests/identity/test_security_events.py.
EXEMPT_NAMES = {"web:health", "web:home", "web:ops_home", "web:security_events"}
EXEMPT_NAMES |= {"web:ready"}  # the readiness probe: tests/web/test_readiness.py
# /metrics has no URL name: platform/metrics/middleware.py answers it, with the bearer token
# only (tests/metrics/test_endpoint.py); without it the path is as unknown as any other.
# A terminated company's certificate, for operators only: tests/keys/test_termination.py.
EXEMPT_NAMES |= {"web:ops_termination_certificate"}
# The operator console's support pages: tests/support/test_ops_console.py.
EXEMPT_NAMES |= {"web:ops_support", "web:ops_support_start", "web:ops_support_end"}
# The operator console's key status page (operators only): tests/keys/test_ops_keys.py.
EXEMPT_NAMES |= {"web:ops_keys"}
# The operator console's backup page (operators only): tests/backups/test_runs_fail_closed.py.
EXEMPT_NAMES |= {"web:ops_backups"}
# Public pages of no company, for anyone: security.txt and the vulnerability report form
# (tests/security/test_security_txt_and_reports.py).
EXEMPT_NAMES |= {"web:security_txt", "web:security_report"}
# The operator console's findings register (operators only): tests/security/test_ops_console.py.
EXEMPT_NAMES |= {
    "web:ops_findings", "web:ops_finding", "web:ops_finding_accept", "web:ops_finding_resolve",
}
# The operator console's compliance report (operators only): tests/compliance/test_ops_console.py.
EXEMPT_NAMES |= {"web:ops_compliance"}
# The operator console's incident register (operators only): tests/security/test_ops_incidents.py.
EXEMPT_NAMES |= {
    "web:ops_incidents", "web:ops_incident_open", "web:ops_incident", "web:ops_incident_edit",
    "web:ops_incident_milestone", "web:ops_incident_scope", "web:ops_incident_publish",
    "web:ops_notice",
}
# The operator console's change log (operators only): tests/security/test_change_log.py.
EXEMPT_NAMES |= {"web:ops_changes", "web:ops_change_plan"}


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    found: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            found |= _names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.add(f"{namespace}{pattern.name}")
    return found


def test_every_named_url_is_in_the_matrix() -> None:
    covered = {route.name for route in ROUTES}
    all_names = _names(get_resolver())
    relevant = {
        name
        for name in all_names
        if name not in EXEMPT_NAMES and name.split(":", 1)[0] not in EXEMPT_NAMESPACES
        and ":" in name
    }
    missing = sorted(relevant - covered)
    assert not missing, f"views/endpoints without permission-matrix routes: {missing}"


def test_matrix_names_exist() -> None:
    all_names = _names(get_resolver())
    unknown = sorted({route.name for route in ROUTES} - all_names)
    assert not unknown, f"matrix routes naming no URL: {unknown}"
