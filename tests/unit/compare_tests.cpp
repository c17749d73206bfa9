// Compare: coverage, strictness in both directions, units, inclusive and exclusive
// bounds, deadlines, quantifiers, and the real plans against the national targets.
#include "support.hpp"

#include <planrules/detail/unicode.hpp>
#include <planrules/testing/boost_test.hpp>

#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>

using namespace planrules;
using planrules::testing::plan_header;

namespace {

checked_plan plan_of(const std::string& text) {
  auto r = planrules::testing::check_string(text);
  BOOST_TEST_REQUIRE(r.ok(), render(r.diagnostics));
  return r.plan;
}

// A plan with the standard catalogue and one health goal holding `rules`.
checked_plan rules_plan(const std::string& id, const std::string& rules, const std::string& extra_header = "") {
  return plan_of("plan " + id + " \"" + id + "\"\n  period 2021..2030\n  baseline 2020\n" + extra_header +
                 "area health \"儿童与健康\"\ngoal 1 \"目标\"\n" + rules);
}

// A plan whose indicator x is declared in `unit` (lower is better).
checked_plan unit_plan(const std::string& id, const std::string& unit, const std::string& rules) {
  return plan_of("plan " + id + "\n  period 2021..2030\n  baseline 2020\nindicator x \"某死亡率\"\n  unit " + unit +
                 "\n  better lower\nindicator z \"某覆盖率\"\n  unit %\n  better higher\n"
                 "area health \"儿童与健康\"\ngoal 1 \"目标\"\n" + rules);
}

const compare_row& row_for(const compare_result& r, const std::string& parent_rule) {
  for (const auto& row : r.rows)
    if (row.parent_id == parent_rule) return row;
  BOOST_FAIL("no row for parent rule " << parent_rule);
  return r.rows.front();
}

compare_verdict verdict_of(const std::string& child_rules, const std::string& parent_rules) {
  const auto result = planrules::compare(rules_plan("child", child_rules), rules_plan("parent", parent_rules));
  BOOST_TEST_REQUIRE(!result.rows.empty());
  return row_for(result, "health.1.1").verdict;
}

bool has_code(const compare_result& r, diagnostic_code code) {
  return std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const diagnostic& d) { return d.code == code; });
}

} // namespace

BOOST_AUTO_TEST_SUITE(compare)

BOOST_AUTO_TEST_CASE(coverage_lists_parent_indicators_the_child_lacks) {
  const auto result = planrules::compare(rules_plan("child", "  infant_mortality_2030 <= 3‰\n"),
                              rules_plan("parent", "  infant_mortality_2030 <= 3‰\n  vaccination_rate >= 90% for every year\n"));
  BOOST_TEST(result.coverage.parent_indicators == (std::vector<std::string>{"infant_mortality", "vaccination_rate"}),
             boost::test_tools::per_element());
  BOOST_TEST(result.coverage.missing == std::vector<std::string>{"vaccination_rate"}, boost::test_tools::per_element());
  const auto& row = row_for(result, "health.1.2");
  BOOST_TEST((row.verdict == compare_verdict::missing));
  BOOST_TEST(row.child_text.empty());
  BOOST_TEST(has_code(result, diagnostic_code::indicator_not_covered));
  BOOST_TEST(!result.ok());
}

BOOST_AUTO_TEST_CASE(stricter_and_looser_for_lower_is_better) {
  BOOST_TEST((verdict_of("  infant_mortality_2030 <= 2.5‰\n", "  infant_mortality_2030 <= 2.8‰\n") == compare_verdict::stricter));
  BOOST_TEST((verdict_of("  infant_mortality_2030 <= 2.8‰\n", "  infant_mortality_2030 <= 2.8‰\n") == compare_verdict::equal));
  BOOST_TEST((verdict_of("  infant_mortality_2030 <= 3‰\n", "  infant_mortality_2030 <= 2.8‰\n") == compare_verdict::looser));
}

BOOST_AUTO_TEST_CASE(stricter_and_looser_for_higher_is_better) {
  BOOST_TEST((verdict_of("  vaccination_rate_2030 >= 95%\n", "  vaccination_rate_2030 >= 90%\n") == compare_verdict::stricter));
  BOOST_TEST((verdict_of("  vaccination_rate_2030 >= 85%\n", "  vaccination_rate_2030 >= 90%\n") == compare_verdict::looser));
  const auto result = planrules::compare(rules_plan("child", "  vaccination_rate_2030 >= 85%\n"),
                              rules_plan("parent", "  vaccination_rate_2030 >= 90%\n"));
  const auto& row = row_for(result, "health.1.1");
  BOOST_TEST(row.note.find("≥ 85%") != std::string::npos, row.note);
  BOOST_TEST(row.note.find("≥ 90%") != std::string::npos, row.note);
  BOOST_TEST(has_code(result, diagnostic_code::looser_than_parent));
  const auto* d = &result.diagnostics.front();
  BOOST_TEST(d->location.line_text.find("85%") != std::string::npos); // points at the child's rule
}

BOOST_AUTO_TEST_CASE(units_are_converted_before_comparing) {
  // the parent declares x in ‰, the child in %: 0.28% is 2.8‰
  const auto parent = unit_plan("parent", "‰", "  x_2030 <= 2.8‰\n");
  const auto equal = planrules::compare(unit_plan("child", "%", "  x_2030 <= 0.28%\n"), parent);
  BOOST_TEST((row_for(equal, "health.1.1").verdict == compare_verdict::equal), row_for(equal, "health.1.1").note);
  const auto stricter = planrules::compare(unit_plan("child", "%", "  x_2030 <= 0.25%\n"), parent);
  BOOST_TEST((row_for(stricter, "health.1.1").verdict == compare_verdict::stricter));
  const auto looser = planrules::compare(unit_plan("child", "%", "  x_2030 <= 0.3%\n"), parent);
  BOOST_TEST((row_for(looser, "health.1.1").verdict == compare_verdict::looser));
  BOOST_TEST(row_for(looser, "health.1.1").note.find("0.28%") != std::string::npos, row_for(looser, "health.1.1").note);
}

BOOST_AUTO_TEST_CASE(dimensions_that_differ_cannot_be_compared) {
  const auto result = planrules::compare(unit_plan("child", "个", "  x_2030 <= 3个\n"), unit_plan("parent", "‰", "  x_2030 <= 2.8‰\n"));
  BOOST_TEST((row_for(result, "health.1.1").verdict == compare_verdict::not_comparable));
  BOOST_TEST(has_code(result, diagnostic_code::incompatible_units));
}

BOOST_AUTO_TEST_CASE(exclusive_and_inclusive_bounds) {
  const std::string note = " {note: \"低于 read as exclusive\"}\n";
  // < 3 is stricter than <= 3, and the other way round looser
  BOOST_TEST((verdict_of("  infant_mortality_2030 < 3‰" + note, "  infant_mortality_2030 <= 3‰\n") == compare_verdict::stricter));
  BOOST_TEST((verdict_of("  infant_mortality_2030 <= 3‰\n", "  infant_mortality_2030 < 3‰" + note) == compare_verdict::looser));
  BOOST_TEST((verdict_of("  infant_mortality_2030 < 3‰" + note, "  infant_mortality_2030 < 3‰" + note) == compare_verdict::equal));
  BOOST_TEST((verdict_of("  vaccination_rate_2030 > 90%" + note, "  vaccination_rate_2030 >= 90%\n") == compare_verdict::stricter));
}

BOOST_AUTO_TEST_CASE(a_later_child_deadline_is_a_finding) {
  const auto result = planrules::compare(rules_plan("child", "  infant_mortality_2030 <= 3‰\n"),
                              rules_plan("parent", "  infant_mortality_2025 <= 3‰\n"));
  const auto& row = row_for(result, "health.1.1");
  BOOST_TEST((row.verdict == compare_verdict::deadline_later));
  BOOST_TEST(row.child_year.value() == 2030);
  BOOST_TEST(row.parent_year.value() == 2025);
  BOOST_TEST(has_code(result, diagnostic_code::deadline_later_than_parent));
  // a later deadline with a looser value is simply looser
  BOOST_TEST((verdict_of("  infant_mortality_2030 <= 4‰\n", "  infant_mortality_2025 <= 3‰\n") == compare_verdict::looser));
}

BOOST_AUTO_TEST_CASE(an_earlier_child_deadline_with_an_as_strict_value_is_fine) {
  const auto result = planrules::compare(rules_plan("child", "  infant_mortality_2025 <= 3‰\n"),
                              rules_plan("parent", "  infant_mortality_2030 <= 3‰\n"));
  const auto& row = row_for(result, "health.1.1");
  BOOST_TEST((row.verdict == compare_verdict::equal));
  BOOST_TEST(row.child_year.value() == 2025);
  BOOST_TEST(has_code(result, diagnostic_code::deadline_earlier_than_parent));
  BOOST_TEST(result.ok());
  BOOST_TEST((verdict_of("  infant_mortality_2025 <= 2.5‰\n", "  infant_mortality_2030 <= 3‰\n") == compare_verdict::stricter));
  BOOST_TEST((verdict_of("  infant_mortality_2025 <= 3.5‰\n", "  infant_mortality_2030 <= 3‰\n") == compare_verdict::looser));
  // a looser child target at the parent's deadline is looser, whatever the child said earlier
  BOOST_TEST((verdict_of("  infant_mortality_2025 <= 2‰\n  infant_mortality_2030 <= 4‰\n", "  infant_mortality_2030 <= 3‰\n") ==
              compare_verdict::looser));
}

BOOST_AUTO_TEST_CASE(a_trend_carries_an_earlier_child_target_to_the_parent_deadline) {
  const auto result = planrules::compare(rules_plan("child", "  infant_mortality_2025 <= 2.5‰\n  decreasing(infant_mortality)\n"),
                              rules_plan("parent", "  infant_mortality_2030 <= 3‰\n"));
  const auto& row = row_for(result, "health.1.1");
  BOOST_TEST((row.verdict == compare_verdict::stricter));
  BOOST_TEST(row.child_rules.size() == 2u); // the milestone and the trend together
  BOOST_TEST(!has_code(result, diagnostic_code::deadline_earlier_than_parent));
}

BOOST_AUTO_TEST_CASE(every_year_targets) {
  BOOST_TEST((verdict_of("  vaccination_rate >= 90% for every year\n", "  vaccination_rate >= 90% for every year\n") ==
              compare_verdict::equal));
  BOOST_TEST((verdict_of("  vaccination_rate >= 92% for every year\n", "  vaccination_rate >= 90% for every year 2021..2025\n") ==
              compare_verdict::stricter));
  const auto result = planrules::compare(rules_plan("child", "  vaccination_rate_2030 >= 95%\n"),
                              rules_plan("parent", "  vaccination_rate >= 90% for every year\n"));
  const auto& row = row_for(result, "health.1.1");
  BOOST_TEST((row.verdict == compare_verdict::looser));
  BOOST_TEST(row.note.find("2021–2029") != std::string::npos, row.note);
  // an every-year child bound covers a parent target at one year
  BOOST_TEST((verdict_of("  vaccination_rate >= 90% for every year\n", "  vaccination_rate_2025 >= 90%\n") ==
              compare_verdict::equal));
}

BOOST_AUTO_TEST_CASE(region_quantifiers) {
  // the parent binds every township; a child that binds only its total is looser
  const auto result = planrules::compare(rules_plan("child", "  vaccination_rate >= 90% for every year\n", "  level county\n"),
                              rules_plan("parent", "  vaccination_rate >= 90% for every year, every township\n"));
  const auto& row = row_for(result, "health.1.1");
  BOOST_TEST((row.verdict == compare_verdict::looser));
  BOOST_TEST(row.note.find("every township") != std::string::npos, row.note);
  // a share in every township bounds the total share
  BOOST_TEST((verdict_of("  vaccination_rate >= 90% for every year, every township\n", "  vaccination_rate >= 90% for every year\n") ==
              compare_verdict::equal));
  // a parent's "every county" is the county's own total in a county plan
  const auto county = planrules::compare(rules_plan("child", "  social_workers >= 1名\n", "  level county\n"),
                              rules_plan("parent", "  social_workers >= 1名 for every county\n"));
  BOOST_TEST((row_for(county, "health.1.1").verdict == compare_verdict::equal), row_for(county, "health.1.1").note);
}

BOOST_AUTO_TEST_CASE(trends_changes_and_baselines) {
  BOOST_TEST((verdict_of("  decreasing(drowning_mortality)\n", "  decreasing(drowning_mortality)\n") == compare_verdict::equal));
  BOOST_TEST((verdict_of("  decreasing(drowning_mortality)\n", "  non_increasing(drowning_mortality)\n") == compare_verdict::stricter));
  BOOST_TEST((verdict_of("  non_increasing(drowning_mortality)\n", "  decreasing(drowning_mortality)\n") == compare_verdict::looser));
  BOOST_TEST((verdict_of("  change(myopia_rate) in [-1pp, -0.6pp] for every year\n",
                         "  change(myopia_rate) in [-1pp, -0.5pp] for every year\n") == compare_verdict::stricter));
  BOOST_TEST((verdict_of("  injury_mortality_2030 <= 0.7 * injury_mortality_2020\n",
                         "  injury_mortality_2030 <= 0.8 * injury_mortality_2020\n") == compare_verdict::stricter));
  BOOST_TEST((verdict_of("  injury_mortality_2030 <= 0.9 * injury_mortality_2020\n",
                         "  injury_mortality_2030 <= 0.8 * injury_mortality_2020\n") == compare_verdict::looser));
  BOOST_TEST((verdict_of("  annual_growth(orphan_allowance, 2020..2025) >= 7%\n",
                         "  annual_growth(orphan_allowance, 2020..2025) >= 6%\n") == compare_verdict::stricter));
  BOOST_TEST((verdict_of("  injury_mortality_2030 <= 5‱\n", "  injury_mortality_2030 <= 0.8 * injury_mortality_2020\n") ==
              compare_verdict::not_comparable));
}

BOOST_AUTO_TEST_CASE(qualitative_and_measurable) {
  const auto result = planrules::compare(rules_plan("child", "  qualitative \"明显提高\" on vaccination_rate\n"),
                              rules_plan("parent", "  vaccination_rate_2030 >= 90%\n"));
  BOOST_TEST((row_for(result, "health.1.1").verdict == compare_verdict::qualitative));
  BOOST_TEST(has_code(result, diagnostic_code::qualitative_in_child));
  BOOST_TEST((verdict_of("  vaccination_rate_2030 >= 90%\n", "  qualitative \"明显提高\" on vaccination_rate\n") ==
              compare_verdict::stricter));
}

BOOST_AUTO_TEST_CASE(only_an_aspirational_child_rule_reaches_the_target) {
  const auto result = planrules::compare(rules_plan("child", "  vaccination_rate_2030 >= 95% {aspirational}\n"),
                              rules_plan("parent", "  vaccination_rate_2030 >= 90%\n"));
  const auto& row = row_for(result, "health.1.1");
  BOOST_TEST((row.verdict == compare_verdict::looser));
  BOOST_TEST(row.note.find("aspirational") != std::string::npos, row.note);
  // an aspirational parent rule is met by an aspirational child rule, and a miss is only a warning
  const auto aspirational = planrules::compare(rules_plan("child", "  infant_mortality_2030 <= 3‰\n"),
                                    rules_plan("parent", "  vaccination_rate_2030 >= 99% {aspirational}\n"));
  BOOST_TEST(aspirational.ok());
  BOOST_TEST((aspirational.diagnostics.front().level == severity::warning));
}

BOOST_AUTO_TEST_CASE(indicators_only_the_child_has) {
  const auto result = planrules::compare(rules_plan("child", "  infant_mortality_2030 <= 3‰\n  caries_rate_12y <= 25%\n"),
                              rules_plan("parent", "  infant_mortality_2030 <= 3‰\n"));
  BOOST_TEST(result.rows.size() == 2u);
  BOOST_TEST((result.rows.back().verdict == compare_verdict::child_only));
  BOOST_TEST(result.rows.back().indicator == "caries_rate_12y");
  BOOST_TEST(has_code(result, diagnostic_code::child_only_indicator));
  BOOST_TEST(result.ok());
}

BOOST_AUTO_TEST_CASE(xigang_against_the_national_targets) {
  const auto r = compare_files(planrules::testing::source_path("rules/cn/xigang_children_2021_2030.rules"),
                               planrules::testing::source_path("rules/cn/national_children_targets.rules"));
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->coverage.missing.empty());
  BOOST_TEST((row_for(*r, "health.1.1").verdict == compare_verdict::stricter)); // 2.8‰ against 3.1‰ by 2025
  BOOST_TEST((row_for(*r, "health.3.1").verdict == compare_verdict::equal));    // stunting 5% by 2025
  BOOST_TEST((row_for(*r, "health.2.1").verdict == compare_verdict::deadline_later)); // breastfeeding: 2030, not 2025
  BOOST_TEST((row_for(*r, "health.4.1").verdict == compare_verdict::looser));  // no 以乡镇为单位
  BOOST_TEST((row_for(*r, "welfare.1.1").verdict == compare_verdict::deadline_later));
  BOOST_TEST((row_for(*r, "health.7.1").verdict == compare_verdict::stricter)); // 2.3‰ against 3‰ by 2030
}

BOOST_AUTO_TEST_CASE(bayannur_against_the_national_targets) {
  const auto r = compare_files(planrules::testing::source_path("rules/cn/bayannur_children_2021_2030.rules"),
                               planrules::testing::source_path("rules/cn/national_children_targets.rules"));
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->coverage.missing == std::vector<std::string>{"childcare_places_per_1000"}, boost::test_tools::per_element());
  for (const auto* id : {"health.1.1", "health.1.2", "health.1.3", "health.2.1", "health.3.1", "health.5.1"})
    BOOST_TEST((row_for(*r, id).verdict == compare_verdict::deadline_later), id);
  for (const auto* id : {"health.4.1", "health.6.1", "health.6.2", "health.6.3", "health.7.1", "health.7.2", "health.7.3"})
    BOOST_TEST((row_for(*r, id).verdict == compare_verdict::equal), id);
  BOOST_TEST((row_for(*r, "welfare.1.1").verdict == compare_verdict::missing));
}

BOOST_AUTO_TEST_CASE(xigang_and_bayannur_against_each_other) {
  const auto xigang = planrules::testing::source_path("rules/cn/xigang_children_2021_2030.rules");
  const auto bayannur = planrules::testing::source_path("rules/cn/bayannur_children_2021_2030.rules");
  const auto x_b = compare_files(xigang, bayannur);
  BOOST_TEST_REQUIRE(x_b.has_value());
  BOOST_TEST((row_for(*x_b, "health.1.2").verdict == compare_verdict::looser)); // 92% against 93%
  BOOST_TEST((row_for(*x_b, "health.3.1").verdict == compare_verdict::stricter));
  const auto b_x = compare_files(bayannur, xigang);
  BOOST_TEST_REQUIRE(b_x.has_value());
  BOOST_TEST((row_for(*b_x, "health.3.1").verdict == compare_verdict::looser)); // 3.0‰ by 2030 against 2.8‰ by 2025
  BOOST_TEST((row_for(*b_x, "health.5.1").verdict == compare_verdict::stricter));
}

BOOST_AUTO_TEST_CASE(the_text_table_lines_up_under_chinese_text) {
  const auto r = compare_files(planrules::testing::source_path("rules/cn/xigang_children_2021_2030.rules"),
                               planrules::testing::source_path("rules/cn/national_children_targets.rules"));
  BOOST_TEST_REQUIRE(r.has_value());
  for (const auto language : {label_language::zh, label_language::en}) {
    const auto text = compare_to_text(*r, language, 150);
    std::istringstream in(text);
    std::string line;
    std::vector<std::size_t> columns;
    std::size_t table_lines = 0;
    while (std::getline(in, line)) {
      const auto bar = line.find(" | ");
      if (bar == std::string::npos) continue;
      ++table_lines;
      // the first separator sits at the same terminal column on every line
      columns.push_back(detail::unicode::display_width(std::string_view(line).substr(0, bar)));
    }
    BOOST_TEST(table_lines > r->rows.size());
    BOOST_TEST(std::all_of(columns.begin(), columns.end(), [&](std::size_t c) { return c == columns.front(); }));
  }
  const auto zh = compare_to_text(*r, label_language::zh);
  BOOST_TEST(zh.find("期限更晚") != std::string::npos);
  BOOST_TEST(compare_to_text(*r, label_language::en).find("deadline later") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_and_html) {
  const auto r = compare_files(planrules::testing::source_path("rules/cn/bayannur_children_2021_2030.rules"),
                               planrules::testing::source_path("rules/cn/national_children_targets.rules"));
  BOOST_TEST_REQUIRE(r.has_value());
  const auto json = compare_to_json(*r);
  for (const auto* expected : {"\"schema\": \"planrules.compare/1\"", "\"verdict\": \"deadline_later\"", "\"rule\": \"health.1.1\"",
                               "\"missing\": [", "\"childcare_places_per_1000\"", "\"code\": \"PR7003\""})
    BOOST_TEST(json.find(expected) != std::string::npos, expected);
  const auto html = compare_to_html(*r);
  BOOST_TEST(html.starts_with("<!DOCTYPE html>"));
  BOOST_TEST(html.find("<table>") != std::string::npos);
  BOOST_TEST(html.find("<script") == std::string::npos);
  BOOST_TEST(html.find("http") == std::string::npos); // nothing to fetch
  BOOST_TEST(html.find("期限更晚") != std::string::npos);
  BOOST_TEST(compare_to_html(*r, label_language::en).find("deadline later") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(files_with_errors_are_not_compared) {
  const auto dir = std::filesystem::temp_directory_path() / "planrules_compare_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bad.rules") << "infant_mortality_2030 <= 3个\n";
  const auto r = compare_files((dir / "bad.rules").string(),
                               planrules::testing::source_path("rules/cn/national_children_targets.rules"));
  BOOST_TEST_REQUIRE(!r.has_value());
  BOOST_TEST((r.error().code == errc::invalid_input));
  BOOST_TEST(!r.error().diagnostics.empty());
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(the_boost_test_helpers_list_each_row) {
  const auto bayannur = planrules::testing::source_path("rules/cn/bayannur_children_2021_2030.rules");
  const auto national = planrules::testing::source_path("rules/cn/national_children_targets.rules");
  auto strict = planrules::testing::at_least_as_strict(bayannur, national);
  BOOST_TEST(!strict);
  const auto message = strict.message().str();
  BOOST_TEST(message.find("health.1.1 neonatal_mortality") != std::string::npos, message);
  BOOST_TEST(message.find("deadline_later") != std::string::npos, message);
  BOOST_TEST(planrules::testing::at_least_as_strict(
      bayannur, national, {"health.1.1", "health.1.2", "health.1.3", "health.2.1", "health.3.1", "health.5.1"}));
  auto covers = planrules::testing::covers(bayannur, national);
  BOOST_TEST(!covers);
  BOOST_TEST(covers.message().str().find("childcare_places_per_1000") != std::string::npos);
  BOOST_TEST(planrules::testing::covers(bayannur, national, {"neonatal_mortality", "vaccination_rate"}));
}

BOOST_AUTO_TEST_SUITE_END()
