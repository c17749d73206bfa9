"""lint, compare, extract, and the planrules.testing assertions."""

import json

import pytest

import planrules
from planrules import testing

CONTRADICTORY = """plan demo "demo"
  period 2021..2030
infant_mortality_2025 <= 3‰
infant_mortality_2025 >= 5‰
"""


def test_lint(xigang_rules):
    clean = planrules.lint(xigang_rules)
    assert clean.ok and clean.errors == [] and clean.warnings == []
    assert json.loads(clean.to_json())["schema"] == "planrules.lint/1"
    bad = planrules.lint(text=CONTRADICTORY, name="demo.rules")
    assert not bad.ok
    assert "PR6001" in {d.code for d in bad.errors}
    assert "PR6001" in set(bad.to_frame()["code"])
    assert "demo.rules" in bad.render()
    with pytest.raises(planrules.FileError):
        planrules.lint("/nonexistent.rules")
    with pytest.raises(planrules.UsageError):
        planrules.lint()


def test_compare(xigang_rules, national_rules, xigang):
    comparison = planrules.compare(xigang_rules, national_rules)
    rows = comparison.rows
    assert {"indicator", "parent_id", "parent_text", "child_text", "verdict", "note"} <= set(rows.columns)
    assert set(rows["verdict"]) <= {"stricter", "equal", "looser", "missing", "deadline_later", "child_only",
                                    "qualitative", "not_comparable"}
    assert comparison.coverage["missing"] == []
    assert json.loads(comparison.to_json())["schema"] == "planrules.compare/1"
    assert "<html" in comparison.to_html(language="en")
    assert len(comparison.to_text(width=100)) > 100
    from_plans = xigang.compare(planrules.load_plan(national_rules))
    assert len(from_plans.rows) == len(rows)
    assert [d.code for d in from_plans.diagnostics] == [d.code for d in comparison.diagnostics]


def test_extract(source_dir):
    seed = source_dir.parent / "shared/seeds/xigang_children_2021_2030.txt"
    if not seed.exists():
        pytest.skip("the seed plans are not beside the repository")
    extraction = planrules.extract_file(seed, plan_id="xigang")
    assert "plan xigang" in extraction.rules and "area health" in extraction.rules
    assert extraction.statistics["goals"] > 10
    assert list(extraction.uncertainties_frame().columns) == ["line", "phrase", "why"]
    with pytest.raises(planrules.Error) as caught:
        planrules.extract("hello")
    assert caught.value.status == "invalid_input"


def test_assertions_pass_and_fail_with_the_findings(tmp_path, xigang_rules, national_rules):
    testing.assert_plan_clean(xigang_rules)
    bad = tmp_path / "demo.rules"
    bad.write_text(CONTRADICTORY, encoding="utf-8")
    with pytest.raises(AssertionError, match="PR6001"):
        testing.assert_plan_clean(bad)
    with pytest.raises(AssertionError, match="PR6001"):
        testing.assert_no_lint_errors(bad)
    # an accepted finding that no longer occurs fails too
    with pytest.raises(AssertionError, match="no longer occur"):
        testing.assert_lint_findings(xigang_rules, accepted=[("PR6005", "health.3.5")])
    with pytest.raises(AssertionError, match="health.2.1"):
        testing.assert_at_least_as_strict(xigang_rules, national_rules)
    with pytest.raises(AssertionError, match="no longer a finding"):
        testing.assert_at_least_as_strict(xigang_rules, national_rules,
                                          accepted=["health.2.1", "health.4.1", "health.5.1", "welfare.1.1", "law.9.9"])
    with pytest.raises(AssertionError, match="check the id"):
        testing.assert_covers(xigang_rules, national_rules, indicators=["no_such_indicator"])
    with pytest.raises(AssertionError, match="cannot read|PR3001"):
        testing.assert_covers(tmp_path / "missing.rules", national_rules)


def test_finding_place_names_the_rule(tmp_path):
    bad = tmp_path / "demo.rules"
    bad.write_text(CONTRADICTORY, encoding="utf-8")
    result = planrules.lint(bad)
    places = {testing.finding_place(result.plan, d) for d in result.errors}
    assert places & {"1", "2"}
