#define BOOST_TEST_MODULE planrules
#include <boost/test/unit_test.hpp>
