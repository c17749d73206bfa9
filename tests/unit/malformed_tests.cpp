// Malformed input: each case has its stable code and its position (line:column in characters).
#include "support.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace planrules;

namespace {

using malformed = planrules::testing::expected_diagnostic;

const std::string header = planrules::testing::plan_header; // three lines; rules below start on line 4

// Parse errors (PR1xxx, PR9xxx): found without any catalogue.
const malformed parse_cases[] = {
    {"missing right operand", "x_2030 <", diagnostic_code::expected_expression, 1, 9},
    {"missing operator", "x_2030 2.8‰", diagnostic_code::expected_comparison, 1, 8},
    {"missing closing parenthesis", "x_2030 <= (3 + 2", diagnostic_code::expected_closing, 1, 17},
    {"unterminated string", "goal_text \"abc", diagnostic_code::unterminated_string, 1, 11},
    {"plan without id", "plan", diagnostic_code::expected_identifier, 1, 5},
    {"unterminated plan name", "plan x \"a", diagnostic_code::unterminated_string, 1, 8},
    {"goal outside an area", "goal 3", diagnostic_code::misplaced_statement, 1, 1},
    {"unknown area", "area foo", diagnostic_code::unknown_area, 1, 6},
    {"trailing number", "x_2030 <= 3 3", diagnostic_code::trailing_input, 1, 13},
    {"stray dollar", "x_2030 <= 3 $", diagnostic_code::unexpected_character, 1, 13},
    {"leading dollar", "$x < 3", diagnostic_code::unexpected_character, 1, 1},
    {"three-digit year", "x@203 < 3", diagnostic_code::expected_year, 1, 3},
    {"year out of range", "x@1800 < 3", diagnostic_code::invalid_year, 1, 3},
    {"reversed period", "plan p\n  period 2030..2021", diagnostic_code::invalid_year_range, 2, 10},
    {"unknown level", "x_2030 <= 3 for every galaxy", diagnostic_code::unknown_level, 1, 23},
    {"unknown option", "x_2030 <= 3 {foo}", diagnostic_code::unknown_option, 1, 14},
    {"duplicate option", "x_2030 <= 3 {aspirational, aspirational}", diagnostic_code::duplicate_option, 1, 28},
    {"bad missing policy", "x_2030 <= 3 {missing: sometimes}", diagnostic_code::invalid_option_value, 1, 14},
    {"tolerance as text", "x_2030 <= 3 {tolerance: \"a\"}", diagnostic_code::invalid_option_value, 1, 14},
    {"unknown function", "foo(x) < 3", diagnostic_code::unknown_function, 1, 1},
    {"change with two arguments", "change(x, y) < 3", diagnostic_code::wrong_argument_count, 1, 1},
    {"growth without years", "annual_growth(x) > 6%", diagnostic_code::wrong_argument_count, 1, 1},
    {"unknown filter", "x[colour=red] < 3", diagnostic_code::invalid_filter, 1, 3},
    {"filter twice", "x[sex=female, sex=male] < 3", diagnostic_code::invalid_filter, 1, 15},
    {"two years", "x_2030[year=2025] < 3", diagnostic_code::conflicting_years, 1, 8},
    {"better sideways", "indicator x\n  better sideways", diagnostic_code::invalid_direction, 2, 10},
    {"two plans", "plan a\nplan b", diagnostic_code::duplicate_plan_header, 2, 1},
    {"unit outside a block", "unit ‰", diagnostic_code::misplaced_statement, 1, 1},
    {"name twice", "plan a\n  name \"甲\"\n  name \"乙\"", diagnostic_code::duplicate_attribute, 3, 3},
    {"area twice", "area health\narea 健康", diagnostic_code::duplicate_area, 2, 6},
    {"goal twice", "area health\ngoal 3\ngoal 3", diagnostic_code::duplicate_goal, 3, 6},
    {"fractional goal number", "area health\ngoal 3.5", diagnostic_code::invalid_number, 2, 6},
    {"invalid UTF-8", "x_2030 < 3\xff%", diagnostic_code::invalid_utf8, 1, 11},
    {"control character", "x_2030 <\x01 3", diagnostic_code::control_character, 1, 9},
    {"unterminated string after operator", "x_2030 <= \"a", diagnostic_code::unterminated_string, 1, 11},
    {"invalid escape", "x_2030 <= 3 {note: \"a\\q\"}", diagnostic_code::invalid_escape, 1, 22},
    {"interval without closing", "x_2030 in [1, 2", diagnostic_code::expected_closing, 1, 16},
    {"interval without opening", "x_2030 in 1, 2]", diagnostic_code::syntax_error, 1, 11},
    {"rule number zero", "rule 0: x < 3", diagnostic_code::invalid_number, 1, 6},
    {"trend without parentheses", "decreasing x", diagnostic_code::expected_comparison, 1, 12},
    {"qualitative without reason", "qualitative", diagnostic_code::expected_string, 1, 12},
    {"at least without of", "x_2030 <= 3 for at least 3 township", diagnostic_code::syntax_error, 1, 28},
    {"alias without string", "indicator x\n  alias \"a\", ", diagnostic_code::expected_string, 2, 14},
    {"rule label without colon", "rule 3 x < 3", diagnostic_code::syntax_error, 1, 8},
    {"rule in an area before any goal", "area health\nx_2030 < 3", diagnostic_code::misplaced_statement, 2, 1},
    {"huge number", "x_2030 < 1" + std::string(400, '0'), diagnostic_code::invalid_number, 1, 10},
    {"not a statement", "123abc", diagnostic_code::expected_comparison, 1, 7},
    {"deep nesting", "x_2030 < " + std::string(100, '(') + "1" + std::string(100, ')'),
     diagnostic_code::nesting_too_deep, 1, 74},
    {"full-width mistake is counted in characters", "婴儿死亡率＿２０２５ ＜＝", diagnostic_code::expected_expression, 1, 14},
};

// Check errors (PR2xxx, PR3xxx): the standard catalogue, a plan period 2021..2030, baseline 2020.
const malformed check_cases[] = {
    {"unknown indicator", header + "infant_mortalty_2030 < 3‰", diagnostic_code::unknown_indicator, 4, 1},
    {"unknown unit", header + "infant_mortality_2030 < 3foo", diagnostic_code::unknown_unit, 4, 25},
    {"count bound on a per-mille indicator", header + "infant_mortality_2030 <= 4.5个",
     diagnostic_code::unit_mismatch, 4, 26},
    {"year outside period", header + "infant_mortality_2040 < 3‰", diagnostic_code::year_outside_period, 4, 1},
    {"duplicate rule id", header + "rule 1: infant_mortality_2030 < 3‰\nrule 1: infant_mortality_2025 < 3‰",
     diagnostic_code::duplicate_rule_id, 5, 1},
    {"indicator declared twice", "indicator a\n  unit %\nindicator a\n  unit %\na_2030 > 1%",
     diagnostic_code::duplicate_indicator, 3, 1},
    {"no year and no period", "infant_mortality < 3‰", diagnostic_code::missing_year, 1, 1},
    {"year in an every-year rule", header + "vaccination_rate_2025 >= 90% for every year",
     diagnostic_code::conflicting_years, 4, 1},
    {"level compared with a change", header + "infant_mortality_2030 <= 1pp", diagnostic_code::unit_mismatch, 4, 26},
    {"interval upside down", header + "change(myopia_rate) in [-0.5pp, -1pp]", diagnostic_code::invalid_interval, 4, 1},
    {"at least zero", header + "social_workers >= 1名 for at least 0 of township", diagnostic_code::invalid_quantifier,
     4, 26},
    {"growth of an expression", header + "annual_growth(orphan_allowance + 1元, 2020..2025) >= 6%",
     diagnostic_code::not_an_indicator, 4, 15},
    {"product of two units", header + "infant_mortality_2030 <= infant_mortality_2020 * infant_mortality_2020",
     diagnostic_code::unsupported_rule, 4, 26},
    {"division by zero", header + "infant_mortality_2030 <= infant_mortality_2020 / 0", diagnostic_code::division_by_zero,
     4, 26},
    {"missing include", "include \"no/such/file.rules\"\nx_2030 < 3", diagnostic_code::cannot_read_file, 1, 1},
};

} // namespace

BOOST_AUTO_TEST_SUITE(malformed_input)

BOOST_DATA_TEST_CASE(parse_error_has_code_and_position, boost::unit_test::data::make(parse_cases), c) {
  const auto result = planrules::testing::parse_text(c.text);
  const auto* d = planrules::testing::find_code(result.diagnostics, c.code);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST(d->location.line == c.line);
  BOOST_TEST(d->location.column == c.column);
  BOOST_TEST((d->level == severity::error));
  BOOST_TEST(!d->location.line_text.empty());
}

BOOST_DATA_TEST_CASE(check_error_has_code_and_position, boost::unit_test::data::make(check_cases), c) {
  const auto result = planrules::testing::check_string(c.text);
  const auto* d = planrules::testing::find_code(result.diagnostics, c.code);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST(d->location.line == c.line);
  BOOST_TEST(d->location.column == c.column);
  BOOST_TEST(!result.ok());
}

BOOST_AUTO_TEST_CASE(five_mistakes_on_five_lines_are_all_reported) {
  const std::string text = planrules::testing::plan_header +
                           "infant_mortality_2030 < \n"            // 4: missing value
                           "infant_mortality_2030 3‰\n"            // 5: missing operator
                           "infant_mortality_2025 <= 4.5个\n"      // 6: unit mismatch
                           "under5_mortality_2030 <= 4‰\n"         // 7: fine
                           "infnt_mortality_2030 < 3‰\n"           // 8: unknown indicator
                           "neonatal_mortality_2045 <= 2‰\n";      // 9: year outside the period
  const auto result = planrules::testing::check_string(text);
  const std::pair<diagnostic_code, std::uint32_t> expected[] = {
      {diagnostic_code::expected_expression, 4}, {diagnostic_code::expected_comparison, 5},
      {diagnostic_code::unit_mismatch, 6},       {diagnostic_code::unknown_indicator, 8},
      {diagnostic_code::year_outside_period, 9}};
  BOOST_TEST(error_count(result.diagnostics) == 5u, render(result.diagnostics));
  for (const auto& [code, line] : expected) {
    const auto* d = planrules::testing::find_code(result.diagnostics, code);
    BOOST_TEST_REQUIRE(d != nullptr);
    BOOST_TEST(d->location.line == line);
  }
  // The one good rule still checked.
  BOOST_TEST(result.plan.rules.size() == 1u);
}

BOOST_AUTO_TEST_CASE(limits_give_clear_errors) {
  parse_options options;
  options.max_file_bytes = 10;
  const auto big = planrules::testing::parse_text("x_2030 < 3% # this is longer than ten bytes", options);
  BOOST_TEST(planrules::testing::find_code(big.diagnostics, diagnostic_code::file_too_large) != nullptr);
  BOOST_TEST(big.file.rules.empty());

  options = parse_options{};
  options.max_line_bytes = 20;
  const auto long_line = planrules::testing::parse_text("x_2030 < 3%\nx_2030 < 3% {note: \"a long note\"}\ny < 1", options);
  const auto* d = planrules::testing::find_code(long_line.diagnostics, diagnostic_code::line_too_long);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST(d->location.line == 2u);
  BOOST_TEST(long_line.file.rules.size() == 2u); // the lines around it are kept

  options = parse_options{};
  options.max_rules = 2;
  const auto many = planrules::testing::parse_text("a_2030 < 1\nb_2030 < 1\nc_2030 < 1\nd_2030 < 1", options);
  BOOST_TEST(planrules::testing::find_code(many.diagnostics, diagnostic_code::too_many_rules) != nullptr);
  BOOST_TEST(many.file.rules.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_bad_line_does_not_hide_the_next) {
  const auto result = planrules::testing::parse_text("x_2030 <\ny_2030 < 3%\n\"open\nz_2030 > 1%");
  BOOST_TEST(error_count(result.diagnostics) == 2u);
  BOOST_TEST(result.file.rules.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
