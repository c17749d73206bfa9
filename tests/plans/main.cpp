// The plans under test, as a statistics office would keep them: one file per plan,
// each using <planrules/testing/boost_test.hpp> and nothing else from planrules.
#define BOOST_TEST_MODULE planrules_plan_tests
#include <boost/test/unit_test.hpp>
