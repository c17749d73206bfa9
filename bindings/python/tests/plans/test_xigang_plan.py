"""大连市西岗区儿童发展规划（2021～2030年）under test, as an office keeps it
(the pytest twin of tests/plans/xigang_tests.cpp)."""

from planrules.testing import assert_at_least_as_strict, assert_complies, assert_covers, assert_plan_clean

XIGANG = "cn/xigang_children_2021_2030.rules"
NATIONAL = "cn/national_children_targets.rules"

# Reviewed differences, each a reading of the district's own text:
#   health.2.1  纯母乳喂养率达到50%以上 has no year in the district plan (2030); the national 50% is due by 2025
#   health.4.1  the district binds its total vaccination rate; the national target binds every township (以乡镇为单位)
#   health.5.1  眼保健和视力检查覆盖率达到92%以上 has no year (2030); the national 90% is due by 2025
#   welfare.1.1 托位数达到4.5个以上 has no year (2030); the 14th five-year plan's 4.5 is due by 2025
REVIEWED = ["health.2.1", "health.4.1", "health.5.1", "welfare.1.1"]


def test_the_plan_is_consistent(rules_file):
    assert_plan_clean(rules_file(XIGANG))


def test_every_national_target_has_a_rule(rules_file):
    assert_covers(rules_file(XIGANG), rules_file(NATIONAL))


def test_the_national_targets_are_met_at_least_as_strictly(rules_file):
    assert_at_least_as_strict(rules_file(XIGANG), rules_file(NATIONAL), accepted=REVIEWED)


def test_the_plan_complies_with_the_national_targets(load_rules):
    # the same with plans loaded once per session
    assert_complies(load_rules(XIGANG), load_rules(NATIONAL), accepted=REVIEWED)
