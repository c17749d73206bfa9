"""Measurement sets from pandas, numpy, CSV and SQLite."""

import sqlite3
import time

import numpy as np
import pandas as pd
import pytest

import planrules

ONE_RULE = "infant_mortality_2030 < 2.8‰"


@pytest.fixture(scope="module")
def plan():
    return planrules.parse_plan(ONE_RULE)


def outcome(result, region):
    found = result.find("1", region)
    assert found is not None
    return found


def test_frame_with_object_columns(plan):
    frame = pd.DataFrame({
        "indicator": ["infant_mortality", "婴儿死亡率", "infant_mortality", "infant_mortality"],
        "region": ["A", "A", "B", "B"],
        "year": [2020, 2021, 2021, 2022],
        "value": [5.0, 4.0, 2.0, np.nan],  # NaN: missing, never zero
    })
    data = planrules.Data.from_frame(plan, frame)
    assert data.value_count == 3
    assert data.diagnostics == []
    result = plan.evaluate(data)
    assert result.as_of == 2021
    a, b = outcome(result, "A"), outcome(result, "B")
    assert (a.status, a.year, a.actual, a.target) == ("not_yet_due", 2021, 4.0, 2.8)
    assert (b.status, b.year, b.actual) == ("met", 2021, 2.0)
    assert b.early and not a.early
    values = data.to_frame()
    assert sorted(values["value"]) == [2.0, 4.0, 5.0]


def test_frame_with_categoricals_and_qualifiers_and_slices(plan):
    frame = pd.DataFrame({
        "indicator": pd.Categorical(["infant_mortality"] * 4),
        "region": pd.Categorical(["全国"] * 4, categories=["全国", "unused"]),
        "year": np.array([2020, 2021, 2021, 2021], dtype=np.int16),
        "value": [5.0, 4.5, 4.0, 5.0],
        "qualifier": ["", "以上", "exact", None],
        "sex": ["", "", "female", "male"],
    })
    data = planrules.Data.from_frame(plan, frame)
    assert data.value_count == 4
    assert data.series_count == 3  # total, sex=female, sex=male
    values = data.to_frame()
    assert set(values["slice"]) == {"", "sex=female", "sex=male"}
    assert "lower_bound" in set(values["qualifier"])


def test_bad_rows_are_reported_with_row_numbers_and_valid_rows_kept(plan):
    frame = pd.DataFrame({
        "indicator": ["infant_mortality", "no_such_indicator", "infant_mortality", "infant_mortality"],
        "year": [2020, 2021, None, 2022],
        "value": ["5.0", "4.0", "3.0", "abc"],
    })
    builder = planrules.DataBuilder(plan)
    report = builder.add_frame(frame, origin="frame")
    assert report["bad_rows"] == 3
    codes = {(d.line, d.code) for d in builder.diagnostics}
    assert (2, "PR4005") in codes  # unknown indicator
    assert (3, "PR4009") in codes  # no year
    assert 4 in {line for line, _ in codes}  # not a number
    assert all(d.file == "frame" for d in builder.diagnostics)
    data = builder.finish()
    assert data.value_count == 1


def test_unknown_qualifier_is_refused(plan):
    frame = pd.DataFrame({"indicator": ["infant_mortality"], "year": [2020], "value": [1.0], "qualifier": ["maybe"]})
    with pytest.raises(planrules.UsageError, match="maybe"):
        planrules.Data.from_frame(plan, frame)


def test_missing_columns_are_refused(plan):
    with pytest.raises(planrules.UsageError, match="value"):
        planrules.Data.from_frame(plan, pd.DataFrame({"indicator": ["x"], "year": [2020]}))


def test_numpy_arrays_with_codes_and_validity(plan):
    n = 6
    data = planrules.Data.from_arrays(
        plan,
        indicator="infant_mortality",
        region=(np.array([0, 0, 0, 1, 1, -1], dtype=np.int32), ["A", "B"], "C"),
        years=np.array([2020, 2021, 2022, 2020, 2021, 2021]),
        values=np.array([5.0, 4.0, 99.0, 3.0, 2.5, 2.0]),
        validity=np.array([True, True, False, True, True, True]),
    )
    assert data.value_count == n - 1
    assert set(data.regions["name"]) == {"A", "B", "C"}
    result = plan.evaluate(data)
    assert outcome(result, "A").actual == 4.0  # 2022 was missing


def test_large_columns_go_through_buffers(plan):
    # 200 000 rows in one call: fast because nothing is handled row by row in Python
    n = 200_000
    regions = [f"r{i}" for i in range(n // 20)]
    codes = np.repeat(np.arange(len(regions), dtype=np.int32), 20)
    years = np.tile(np.arange(2001, 2021, dtype=np.int32), len(regions))
    values = np.linspace(1.0, 9.0, n)
    start = time.perf_counter()
    builder = planrules.DataBuilder(plan)
    report = builder.add_arrays(indicator="infant_mortality", region=(codes, regions), years=years, values=values)
    data = builder.finish()
    elapsed = time.perf_counter() - start
    assert report["values"] == n and data.value_count == n
    assert elapsed < 10
    result = plan.evaluate(data, threads=0)
    assert len(result) == len(regions)


def test_csv_files_and_text(plan, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("indicator,region,year,value\ninfant_mortality,X,2020,5.4\ninfant_mortality,X,2021,abc\n",
                    encoding="utf-8")
    data = planrules.Data.from_files(plan, path)
    assert data.value_count == 1
    assert [(d.code, d.line) for d in data.diagnostics] == [("PR4003", 3)]
    with pytest.raises(planrules.DataError) as caught:
        planrules.Data.from_files(plan, path, strict=True)
    assert caught.value.code == "PR4003"
    builder = plan.data_builder()
    builder.load_csv_text("indicator;region;year;value\ninfant_mortality;X;2020;5.4\n", "t.csv")
    assert builder.finish().value_count == 1
    with pytest.raises(planrules.FileError):
        planrules.Data.from_files(plan, tmp_path / "missing.csv")


def test_sqlite(plan, tmp_path):
    path = tmp_path / "m.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE measurements(indicator TEXT, region TEXT, year INTEGER, value REAL)")
        db.executemany("INSERT INTO measurements VALUES(?,?,?,?)",
                       [("infant_mortality", "X", 2020, 5.4), ("infant_mortality", "X", 2021, 5.0)])
    data = plan.load_data(path)
    assert data.value_count == 2
    builder = plan.data_builder()
    builder.load_sqlite_query(path, "SELECT indicator, 'Y' AS region, year, value FROM measurements")
    assert builder.finish().value_count == 2
    with pytest.raises(planrules.NotFoundError):
        plan.data_builder().load_sqlite(path, "missing")


def test_regions_hierarchy_from_a_frame(xigang, xigang_data):
    regions = pd.read_csv(xigang_data[0])
    values = pd.read_csv(xigang_data[1])
    from_frames = xigang.evaluate(planrules.Data.from_frame(xigang, values, regions=regions))
    from_files = xigang.evaluate(xigang.load_data(*xigang_data))
    pd.testing.assert_frame_equal(from_frames.to_frame(), from_files.to_frame())


def test_a_builder_is_finished_once(plan):
    builder = plan.data_builder()
    builder.add("infant_mortality", "X", 2020, 5.0)
    builder.finish()
    with pytest.raises(planrules.UsageError, match="finished"):
        builder.add("infant_mortality", "X", 2021, 5.0)
    with pytest.raises(planrules.UsageError):
        builder.finish()
