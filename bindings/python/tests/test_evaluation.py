"""Evaluations: outcomes as objects and as a DataFrame, explanations, reports, changes."""

import io
import json
import threading

import numpy as np
import pandas as pd
import pytest

import planrules


def test_outcomes_as_objects(xigang_evaluation):
    result = xigang_evaluation
    assert result.as_of == 2025  # the latest year with data
    assert len(result) == len(result.outcomes) > 100
    statuses = {o.status for o in result}
    assert {"met", "not_met", "not_measurable", "not_yet_due"} <= statuses
    assert statuses <= set(planrules.STATUSES)
    o = result.find("health.3.1", "西岗区")
    assert o.rule_id == "health.3.1" and o.region == "西岗区" and o.region_path == "大连市/西岗区"
    assert o.indicator == "neonatal_mortality" and o.area == "health" and o.deadline == 2025
    assert o.target == 2.8
    assert o.gap == pytest.approx(o.actual - o.target)
    assert result.find("health.3.1", "nowhere") is None
    assert result[-1].index == len(result) - 1
    assert [x.index for x in result[2:5]] == [2, 3, 4]
    with pytest.raises(IndexError):
        result[len(result)]
    for x in result:
        if x.status == "not_measurable":
            assert x.actual is None and x.year is None


def test_explain(xigang_evaluation):
    o = xigang_evaluation.find("health.3.1", "西岗区")
    why = o.explain()
    assert why["rule"] == "health.3.1" and why["region"] == "西岗区" and why["status"] == o.status
    assert why["target"] == 2.8
    assert why["values"] and {"year", "value", "qualifier", "derived", "source"} <= set(why["values"][0])
    assert isinstance(why["notes"], list)
    assert set(why) >= {"gap", "baseline", "growth_ratio", "projection", "required", "volatility", "sub_regions"}
    # a goal not yet due carries its projection
    pending = next(x for x in xigang_evaluation if x.status == "not_yet_due" and x.progress)
    assert pending.explain()["projection"] is not None or pending.explain()["growth_ratio"] is not None


def test_frame_has_the_csv_report_columns(xigang_evaluation):
    frame = xigang_evaluation.to_frame()
    csv = xigang_evaluation.to_csv()
    header = csv.split("\r\n", 1)[0].split(",")
    assert list(frame.columns) == header
    assert len(frame) == len(xigang_evaluation)
    assert frame["actual"].dtype == np.float64 and frame["year"].dtype == "Int64"
    assert frame["aspirational"].dtype == bool
    # row by row the same as the objects
    for row, o in zip(frame.itertuples(index=False), xigang_evaluation):
        assert (row.rule_id, row.region_path, row.status) == (o.rule_id, o.region_path, o.status)
        assert (pd.isna(row.actual) and o.actual is None) or row.actual == o.actual
    english = xigang_evaluation.to_frame(language="en")
    assert set(english["status_label"]) != set(frame["status_label"])


def test_reports(xigang_evaluation, tmp_path):
    assert json.loads(xigang_evaluation.to_json())["schema"] == "planrules.evaluation/1"
    assert xigang_evaluation.to_html().lstrip().lower().startswith("<!doctype html")
    assert "health.3.1" in xigang_evaluation.report("text", language="en", explanations=False) or \
        len(xigang_evaluation.to_text()) > 1000
    compact = xigang_evaluation.report("json", pretty=False)
    assert "\n" not in compact.strip()
    path = tmp_path / "report.html"
    xigang_evaluation.save(path)
    assert "<html" in path.read_text(encoding="utf-8")
    with pytest.raises(planrules.UsageError):
        xigang_evaluation.report("pdf")
    with pytest.raises(planrules.UsageError):
        xigang_evaluation.report("text", language="fr")


def test_options(xigang, xigang_data):
    data = xigang.load_data(*xigang_data)
    everywhere = xigang.evaluate(data)
    parallel = xigang.evaluate(data, threads=0)
    pd.testing.assert_frame_equal(everywhere.to_frame(), parallel.to_frame())
    earlier = xigang.evaluate(data, as_of=2022)
    assert earlier.as_of == 2022
    one = xigang.evaluate(data, regions=["人民广场街道"])
    assert 0 < len(one) < len(everywhere)
    assert all("人民广场街道" in o.region_path for o in one)
    with pytest.raises(planrules.NotFoundError):
        xigang.evaluate(data, regions=["no such region"])
    with pytest.raises(planrules.UsageError):
        xigang.evaluate(data, threads=-1)
    # data given as files, or as a DataFrame
    assert len(xigang.evaluate(xigang_data)) == len(everywhere)


def test_counts(xigang_evaluation):
    counts = xigang_evaluation.counts()
    assert sum(counts["binding"].values()) + sum(counts["aspirational"].values()) == len(xigang_evaluation)
    health = xigang_evaluation.counts("health", "西岗区")
    assert health["binding"]["not_measurable"] > 0
    with pytest.raises(planrules.NotFoundError):
        xigang_evaluation.counts("no_such_area")


def test_changes_between_releases(xigang, xigang_data):
    data = xigang.load_data(*xigang_data)
    before = xigang.evaluate(data, as_of=2022)
    after = xigang.evaluate(data)
    changes = after.changes_since(before)
    assert list(changes.columns) == ["rule_id", "region", "indicator", "unit", "before", "after", "actual_before",
                                     "actual_after"]
    assert len(changes) > 0
    csv = after.changes_since(before, "csv")
    assert csv.startswith("rule_id,region,before,after,actual_before,actual_after")
    other = planrules.parse_plan("infant_mortality_2030 < 2.8‰").evaluate(
        pd.DataFrame({"indicator": ["infant_mortality"], "year": [2020], "value": [5.0]}))
    with pytest.raises(planrules.UsageError):
        after.changes_since(other)


def test_arrays(xigang_evaluation):
    arrays = xigang_evaluation.arrays()
    assert set(arrays) >= {"rule", "region", "status", "progress", "flags", "year", "actual", "target"}
    assert len(arrays["status"]) == len(xigang_evaluation)
    met = planrules.STATUSES.index("met")
    assert (arrays["status"] == met).sum() == sum(o.status == "met" for o in xigang_evaluation)


def test_evaluations_run_in_parallel_threads(xigang, xigang_data):
    data = xigang.load_data(*xigang_data)
    expected = xigang.evaluate(data).to_csv()
    results = [None] * 4

    def run(i):
        results[i] = xigang.evaluate(data).to_csv()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4
