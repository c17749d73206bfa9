// 大连市西岗区儿童发展规划（2021～2030年）under test.
#include "plans.hpp"

#include <boost/test/unit_test.hpp>
#include <planrules/testing/boost_test.hpp>

BOOST_AUTO_TEST_SUITE(xigang)

BOOST_AUTO_TEST_CASE(the_plan_is_consistent) { PLANRULES_CHECK_PLAN_CLEAN(xigang_rules); }

BOOST_AUTO_TEST_CASE(every_national_target_has_a_rule) { PLANRULES_CHECK_COVERS(xigang_rules, national_rules); }

BOOST_AUTO_TEST_CASE(the_national_targets_are_met_at_least_as_strictly) {
  // Reviewed differences, each a reading of the district's own text:
  //   health.2.1  纯母乳喂养率达到50%以上 has no year in the district plan (2030); the national 50% is due by 2025
  //   health.4.1  the district binds its total vaccination rate; the national target binds every township (以乡镇为单位)
  //   health.5.1  眼保健和视力检查覆盖率达到92%以上 has no year (2030); the national 90% is due by 2025
  //   welfare.1.1 托位数达到4.5个以上 has no year (2030); the 14th five-year plan's 4.5 is due by 2025
  PLANRULES_CHECK_AT_LEAST_AS_STRICT(xigang_rules, national_rules, "health.2.1", "health.4.1", "health.5.1", "welfare.1.1");
}

BOOST_AUTO_TEST_CASE(the_plan_complies_with_the_national_targets) {
  // coverage and strictness in one assertion, with the same reviewed differences
  PLANRULES_CHECK_COMPLIES(xigang_rules, national_rules, "health.2.1", "health.4.1", "health.5.1", "welfare.1.1");
}

BOOST_AUTO_TEST_SUITE_END()
