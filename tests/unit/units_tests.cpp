// Units are dimensions: parsing, comparability and conversion.
#include "support.hpp"

#include <boost/test/unit_test.hpp>

using namespace planrules;

BOOST_AUTO_TEST_SUITE(units)

BOOST_AUTO_TEST_CASE(dimensions_of_the_units_in_the_plans) {
  const std::pair<const char*, dimension> cases[] = {
      {"", dimension::number},          {"%", dimension::ratio},          {"‰", dimension::ratio},
      {"‱", dimension::ratio},          {"pp", dimension::ratio},         {"个", dimension::count},
      {"名", dimension::count},         {"家", dimension::count},         {"所", dimension::count},
      {"张", dimension::count},         {"万张", dimension::count},       {"亿册(张)", dimension::count},
      {"个/千人口", dimension::per_population}, {"名/千名儿童", dimension::per_population},
      {"per 1000", dimension::per_population},  {"per 1000 children", dimension::per_population},
      {"元", dimension::money},         {"万元", dimension::money},       {"小时", dimension::duration},
      {"h", dimension::duration}};
  for (const auto& [text, expected] : cases) {
    BOOST_TEST_CONTEXT(text) {
      const auto u = parse_unit(text);
      BOOST_TEST_REQUIRE(u.has_value());
      BOOST_TEST((u->dimension == expected));
    }
  }
  BOOST_TEST(parse_unit("pp")->difference);
  BOOST_TEST(!parse_unit("foo").has_value());
  BOOST_TEST(!parse_unit("个/千棵树").has_value());
}

BOOST_AUTO_TEST_CASE(conversions) {
  const auto percent = *parse_unit("%");
  const auto permille = *parse_unit("‰");
  BOOST_TEST(convert(0.28, percent, permille) == 2.8); // exactly: 0.28% equals 2.8‰
  BOOST_TEST(convert(2.8, permille, percent) == 0.28);
  BOOST_TEST(convert(58.8, *parse_unit("万张"), *parse_unit("张")) == 588000.0);
  BOOST_TEST(convert(4.5, *parse_unit("个/千人口"), *parse_unit("per 1000")) == 4.5);
  BOOST_TEST(convert(45, *parse_unit("个/万人"), *parse_unit("个/千人口")) == 4.5);
}

BOOST_AUTO_TEST_CASE(comparability) {
  BOOST_TEST(comparable(*parse_unit("%"), *parse_unit("‰")));
  BOOST_TEST(!comparable(*parse_unit("‰"), *parse_unit("个")));
  BOOST_TEST(!comparable(*parse_unit("个/千人口"), *parse_unit("个")));
  BOOST_TEST(!comparable(*parse_unit("名/千名儿童"), *parse_unit("个/千人口"))); // children are not people at large
  BOOST_TEST(comparable(*parse_unit("个/千人口"), *parse_unit("per 1000")));
}

BOOST_AUTO_TEST_SUITE_END()
