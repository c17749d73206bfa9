"""Bad input raises; it never crashes the interpreter."""

import numpy as np
import pytest

import planrules
from planrules import _planrules


@pytest.fixture(scope="module")
def plan():
    return planrules.parse_plan("infant_mortality_2030 < 2.8‰")


def columns(builder, **given):
    arguments = dict(size=2, indicator="infant_mortality", years=np.array([2020, 2021], dtype=np.int32),
                     values=np.array([1.0, 2.0]))
    arguments.update(given)
    return builder._raw.add_columns(**arguments)


def test_buffers_of_the_wrong_length_or_type(plan):
    builder = plan.data_builder()
    with pytest.raises(planrules.UsageError, match="one entry per row"):
        columns(builder, years=np.array([2020], dtype=np.int32))
    with pytest.raises(planrules.UsageError, match="one entry per row"):
        columns(builder, values=np.array([1.0, 2.0, 3.0]))
    with pytest.raises(planrules.UsageError, match="validity"):
        columns(builder, size=100, years=np.zeros(100, np.int32), values=np.zeros(100), validity=np.zeros(1, np.uint64))
    with pytest.raises(planrules.UsageError, match="codes for"):
        columns(builder, region=(np.array([0], np.int32), ["A"]))
    with pytest.raises(planrules.UsageError, match="names for"):
        columns(builder, region=["A"])
    with pytest.raises(planrules.UsageError, match="not a numeric array"):
        columns(builder, years=["a", "b"])
    with pytest.raises(planrules.UsageError, match="one-dimensional"):
        columns(builder, values=np.zeros((2, 2)))
    with pytest.raises(planrules.UsageError, match="qualifier"):
        columns(builder, qualifiers=np.array([0, 9], np.uint8))
    with pytest.raises(planrules.UsageError, match="indicator"):
        columns(builder, indicator=None)
    with pytest.raises(TypeError):
        columns(builder, region=12)
    # a code outside the dictionary is a bad row, not a read past the end
    report = columns(builder, region=(np.array([0, 1_000_000], np.int32), ["A"]))
    assert report["bad_rows"] == 1
    assert builder.finish().value_count == 1


def test_wrong_arguments(plan):
    with pytest.raises(TypeError):
        planrules.parse_plan(None)
    with pytest.raises(planrules.UsageError):
        _planrules.evaluate(None, None)
    with pytest.raises(planrules.UsageError):
        plan.data_builder().add_region("X", level="galaxy")
    with pytest.raises(planrules.UsageError):
        plan.data_builder().load_csv("x.csv", layout="diagonal")
    with pytest.raises(planrules.UsageError):
        plan.data_builder().load_csv("x.csv", delimiter=";;")
    with pytest.raises(TypeError):
        planrules.DataBuilder(None)


def test_hostile_text():
    for text in ["\xff\xfe", "(" * 10000 + "1", "x" * 100000, "\0", "infant_mortality_99999 < 1‰", "‰‰‰ <"]:
        with pytest.raises(planrules.Error):
            planrules.parse_plan(text)
    assert not planrules.lint(text="\0\0").ok


def test_outcome_index_out_of_range(plan):
    import pandas as pd

    result = plan.evaluate(pd.DataFrame({"indicator": ["infant_mortality"], "year": [2020], "value": [5.0]}))
    with pytest.raises(IndexError):
        result._raw.explain(5)
    with pytest.raises(IndexError):
        result._raw.explain(-5)
    with pytest.raises(IndexError):
        result[3]
