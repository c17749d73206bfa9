"""The national targets collected for the end-to-end run (the twin of tests/plans/national_tests.cpp)."""

from planrules.testing import assert_lint_findings, assert_no_lint_errors, assert_plan_clean

NATIONAL = "cn/national_children_targets.rules"


def test_the_targets_are_consistent(rules_file):
    assert_plan_clean(rules_file(NATIONAL))


def test_the_2030_outline_is_not_looser_than_the_2025_action_plan(rules_file):
    # Reviewed findings would be listed here, e.g. [("PR6005", "health.7.1")]; none are expected.
    assert_no_lint_errors(rules_file(NATIONAL))
    assert_lint_findings(rules_file(NATIONAL), accepted=[])
