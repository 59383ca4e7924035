"""OSV matching and the severity rule (security/osv.py, security/cvss.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from strongroom.security import cvss, osv


@pytest.mark.parametrize(("vector", "score", "rating"), [
    ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "critical"),
    ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, "high"),
    ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3, "medium"),
    ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "medium"),
    ("CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N", 2.8, "low"),
    ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "critical"),
    ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, "low"),
])
def test_cvss_v3_base_scores(vector: str, score: float, rating: str) -> None:
    assert cvss.base_score(vector) == score
    assert cvss.rating(cvss.base_score(vector)) == rating


def test_a_broken_vector_is_refused() -> None:
    with pytest.raises(ValueError, match="incomplete"):
        cvss.base_score("CVSS:3.1/AV:N/AC:L")
    with pytest.raises(ValueError, match="not a CVSS v3 vector"):
        cvss.base_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")


def test_severity_rule_prefers_stated_then_cvss_then_fails_closed() -> None:
    vector = [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"}]
    assert osv.severity_of({"database_specific": {"severity": "MODERATE"}, "severity": vector})[
        0] == "medium"
    assert osv.severity_of({"database_specific": {"severity": "CRITICAL"}})[0] == "critical"
    assert osv.severity_of({"severity": vector}) == (
        "medium", "CVSS 5.3 (CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N)")
    severity, note = osv.severity_of({"id": "X"})
    assert severity == "high"
    assert "treated as high" in note
    v4 = [{"type": "CVSS_V4", "score": "CVSS:4.0/AV:N"}]
    assert osv.severity_of({"severity": v4})[0] == "high"


def _advisory(events: list[dict[str, str]], versions: list[str] | None = None) -> osv.Advisory:
    return osv.parse({"id": "T-1", "affected": [{
        "package": {"name": "Some_Package", "ecosystem": "PyPI"},
        "ranges": [{"type": "ECOSYSTEM", "events": events}], "versions": versions or [],
    }]})


def test_ranges_introduced_fixed_and_last_affected() -> None:
    fixed = _advisory([{"introduced": "1.0"}, {"fixed": "1.4.2"}, {"introduced": "2.0"},
                       {"fixed": "2.1"}])
    assert [fixed.affects("some-package", v) for v in ("0.9", "1.0", "1.4.1", "1.4.2", "1.9",
                                                        "2.0.5", "2.1")] == [
        False, True, True, False, False, True, False]
    last = _advisory([{"introduced": "0"}, {"last_affected": "3.2"}])
    assert last.affects("some.package", "3.2")
    assert not last.affects("some-package", "3.2.1")
    assert not fixed.affects("other-package", "1.0")
    assert fixed.fixed_versions("some-package") == ["1.4.2", "2.1"]


def test_listed_versions_count_even_outside_ranges() -> None:
    listed = _advisory([{"introduced": "0"}, {"fixed": "1.0"}], versions=["1.5"])
    assert listed.affects("some-package", "1.5")
    assert not listed.affects("some-package", "1.6")


def test_a_missing_or_empty_or_broken_source_fails(tmp_path: Path) -> None:
    with pytest.raises(osv.AdvisorySourceError, match="does not exist"):
        osv.load(tmp_path / "absent")
    with pytest.raises(osv.AdvisorySourceError, match="holds no advisory"):
        osv.load(tmp_path)
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n")
    with pytest.raises(osv.AdvisorySourceError, match="cannot read advisory"):
        osv.load(tmp_path)


def test_the_advisory_source_reads_real_documents(advisory_dir: Path) -> None:
    advisories = osv.load(advisory_dir, ["django", "jinja2"])
    django = [a for a in advisories if a.affects("django", "4.2.0")]
    assert django
    assert all(a.severity in osv.RANKS for a in django)
    assert any(a.affects("jinja2", "2.10") for a in advisories)
    assert not any(a.affects("jinja2", "3.1.6") for a in advisories if "2.10.1" in
                   a.fixed_versions("jinja2"))


def test_the_installed_environment_is_scanned_without_strongroom_itself() -> None:
    from importlib import metadata

    from strongroom.security import scan

    packages = scan.installed()
    assert packages["django"] == metadata.version("django")
    assert "strongroom" not in packages
