"""bench/api.py's own parts keep working: wrk's output is read right, and the wrk scripts build
the same requests as the in-process statement counts (its figures are in docs/performance.md)."""

from __future__ import annotations

import pytest
from bench import _scenarios, _wrk

WRK_OUTPUT = """\
Running 20s test @ http://127.0.0.1:24001
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    41.10ms   12.32ms 180.51ms   71.20%
    Req/Sec   195.12     30.40   260.00     68.00%
  Latency Distribution
     50%   39.87ms
     75%   47.02ms
     90%   56.33ms
     99%    1.02s
  7803 requests in 20.04s, 9.51MB read
  Non-2xx or 3xx responses: 3
  Socket errors: connect 0, read 1, write 0, timeout 2
Requests/sec:    389.38
Transfer/sec:    485.71KB
"""


def test_wrk_output_is_read() -> None:
    result = _wrk.parse(WRK_OUTPUT)
    assert result.requests == 7803
    assert result.seconds == pytest.approx(20.04)
    assert result.per_second == pytest.approx(389.38)
    assert result.p50_ms == pytest.approx(39.87)
    assert result.p99_ms == pytest.approx(1020.0)
    assert result.non_2xx_3xx == 3
    assert result.socket_errors == 3


def test_a_clean_run_has_no_errors_and_other_output_is_refused() -> None:
    clean = WRK_OUTPUT.replace("  Non-2xx or 3xx responses: 3\n", "").replace(
        "  Socket errors: connect 0, read 1, write 0, timeout 2\n", ""
    )
    result = _wrk.parse(clean.replace("    99%    1.02s", "    99%  850.00us"))
    assert (result.non_2xx_3xx, result.socket_errors) == (0, 0)
    assert result.p99_ms == pytest.approx(0.85)
    with pytest.raises(ValueError, match="unexpected wrk output"):
        _wrk.parse("unable to connect to 127.0.0.1:24001 Connection refused")


def test_scripts_fill_templates_as_the_statement_counts_do() -> None:
    ids, emails, orgs = ["a", "b"], ["a@x.example", "b@x.example"], ["o1", "o2", "o3"]
    create = next(s for s in _scenarios.STRONGROOM if s.name == "create")
    assert _scenarios.fill(create.body, 4, ids, emails, orgs).startswith(
        '{"organisation_id": "o2", "name": "New Person 4", "email": "new4@customer.example"'
    )
    script = _wrk.lua_script(create, headers={"Authorization": "Bearer sr_x"}, ids=ids,
                             emails=emails, orgs=orgs)
    # Lua counts from 1: the element i % #t + 1 is Python's t[i % len(t)].
    assert '"{\\"organisation_id\\": \\"" .. orgs[i % #orgs + 1] .. ' in script
    assert 'return wrk.format("POST", "/api/v1/companies/bench/contact-persons", headers, body)' \
        in script
    assert '["Authorization"] = "Bearer sr_x"' in script
    assert "local cookies = {}" in script
