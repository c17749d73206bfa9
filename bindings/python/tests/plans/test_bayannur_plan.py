"""巴彦淖尔市儿童发展规划（2021-2030年）under test (the twin of tests/plans/bayannur_tests.cpp)."""

from planrules.testing import assert_at_least_as_strict, assert_covers, assert_plan_clean

BAYANNUR = "cn/bayannur_children_2021_2030.rules"
NATIONAL = "cn/national_children_targets.rules"


def test_the_plan_is_consistent(rules_file):
    assert_plan_clean(rules_file(BAYANNUR))


def test_the_national_health_targets_have_rules(rules_file):
    # childcare_places_per_1000 (每千人口托位数) is not in the city plan: welfare goal 5 only says 持续增加
    assert_covers(rules_file(BAYANNUR), rules_file(NATIONAL), indicators=[
        "neonatal_mortality", "infant_mortality", "under5_mortality", "exclusive_breastfeeding_rate",
        "under5_stunting_rate", "vaccination_rate", "child_eye_care_coverage", "primary_myopia_rate",
        "junior_myopia_rate", "senior_myopia_rate"])


def test_the_national_targets_are_met_at_least_as_strictly(rules_file):
    # Reviewed: the city plan names no 2025 milestones, so the 2025 targets of the
    # 健康儿童行动提升计划 (mortality, breastfeeding, stunting, eye care) are met only by 2030.
    assert_at_least_as_strict(rules_file(BAYANNUR), rules_file(NATIONAL), accepted=[
        "health.1.1", "health.1.2", "health.1.3", "health.2.1", "health.3.1", "health.5.1"])
