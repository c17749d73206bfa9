// 巴彦淖尔市儿童发展规划（2021-2030年）under test.
#include "plans.hpp"

#include <boost/test/unit_test.hpp>
#include <planrules/testing/boost_test.hpp>

BOOST_AUTO_TEST_SUITE(bayannur)

BOOST_AUTO_TEST_CASE(the_plan_is_consistent) { PLANRULES_CHECK_PLAN_CLEAN(bayannur_rules); }

BOOST_AUTO_TEST_CASE(the_national_health_targets_have_rules) {
  // childcare_places_per_1000 (每千人口托位数) is not in the city plan: welfare goal 5 only says 持续增加
  PLANRULES_CHECK_COVERS(bayannur_rules, national_rules, "neonatal_mortality", "infant_mortality", "under5_mortality",
                         "exclusive_breastfeeding_rate", "under5_stunting_rate", "vaccination_rate",
                         "child_eye_care_coverage", "primary_myopia_rate", "junior_myopia_rate", "senior_myopia_rate");
}

BOOST_AUTO_TEST_CASE(the_national_targets_are_met_at_least_as_strictly) {
  // Reviewed: the city plan names no 2025 milestones, so the 2025 targets of the
  // 健康儿童行动提升计划 (mortality, breastfeeding, stunting, eye care) are met only by 2030.
  PLANRULES_CHECK_AT_LEAST_AS_STRICT(bayannur_rules, national_rules, "health.1.1", "health.1.2", "health.1.3", "health.2.1",
                                     "health.3.1", "health.5.1");
}

BOOST_AUTO_TEST_SUITE_END()
