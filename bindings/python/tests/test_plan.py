"""Plans: loading from files and text, errors as exceptions with codes."""

import json

import pytest

import planrules


def test_version():
    assert planrules.__version__.count(".") == 2
    assert planrules.version_info == tuple(int(x) for x in planrules.__version__.split("."))


def test_the_canonical_example_parses_as_written():
    plan = planrules.parse_plan("infant_mortality_2030 < 2.8‰", "one.rules")
    rules = plan.rules
    assert list(rules["indicator"]) == ["infant_mortality"]
    assert rules["kind"][0] == "bound"
    assert rules["deadline"][0] == 2030
    assert rules["target"][0] == 2.8
    assert plan.path == "one.rules"


def test_a_plan_file(xigang):
    assert xigang.id == "xigang_children_2021_2030"
    assert xigang.region == "大连市西岗区"
    assert xigang.period == (2021, 2030)
    assert xigang.baseline == 2020
    assert len(xigang.rules) > 30
    assert {"id", "area", "goal", "kind", "indicator", "text", "source", "deadline"} <= set(xigang.rules.columns)
    assert set(xigang.goals["area"]) >= {"health", "education"}
    assert "infant_mortality" in set(xigang.indicators["id"])
    assert json.loads(xigang.to_json())["schema"] == "planrules.plan/1"
    assert "xigang_children_2021_2030" in repr(xigang)


def test_unit_mismatch_is_a_check_error_with_its_code_and_location():
    with pytest.raises(planrules.CheckError) as caught:
        planrules.parse_plan("婴儿死亡率_2030 <= 4.5个", "bad.rules")
    e = caught.value
    assert isinstance(e, planrules.PlanError) and isinstance(e, planrules.Error)
    assert e.code == "PR2003"
    assert e.number == 2003
    assert e.status == "invalid_input"
    assert len(e.diagnostics) == 1
    d = e.diagnostics[0]
    assert isinstance(d, planrules.Diagnostic)
    assert (d.code, d.number, d.name, d.severity) == ("PR2003", 2003, "unit_mismatch", "error")
    assert (d.file, d.line, d.column, d.end_column) == ("bad.rules", 1, 15, 19)  # characters, not bytes
    assert d.line_text == "婴儿死亡率_2030 <= 4.5个"
    assert "count" in d.message
    assert "bad.rules:1:15: error[PR2003]" in str(e)
    assert "^~~~~" in e.render()


def test_syntax_errors_are_parse_errors_and_all_are_reported():
    with pytest.raises(planrules.ParseError) as caught:
        planrules.parse_plan("infant_mortality_2030 <\nunder5_mortality_2030 <<< 3‰\n")
    assert caught.value.code.startswith("PR1")
    assert len([d for d in caught.value.diagnostics if d.severity == "error"]) >= 2
    assert {d.line for d in caught.value.diagnostics} >= {1, 2}


def test_unreadable_file_is_a_file_error(tmp_path):
    with pytest.raises(planrules.FileError) as caught:
        planrules.load_plan(tmp_path / "missing.rules")
    assert caught.value.code == "PR3001"
    assert caught.value.status == "io_error"


def test_catalogue_options(tmp_path, source_dir):
    with pytest.raises(planrules.CheckError) as caught:
        planrules.parse_plan("infant_mortality_2030 < 2.8‰", standard_catalogue=False)
    assert caught.value.code == "PR2001"
    plan = planrules.parse_plan("infant_mortality_2030 < 2.8‰", standard_catalogue=False,
                                catalogues=[source_dir / "rules/catalogue.rules"])
    assert len(plan.rules) == 1


def test_diagnostic_codes_catalogue():
    codes = planrules.diagnostic_codes()
    assert (2003, "PR2003", "unit_mismatch", "error", "unit dimension mismatch") in codes
    assert [c[0] for c in codes] == sorted(c[0] for c in codes)
