// Checking: names resolved, units settled, years filled in, rules classified.
#include "support.hpp"

#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>

using namespace planrules;
using planrules::testing::check_string;
using planrules::testing::plan_header;

namespace {

const checked_rule& only_rule(const plan_result& r) {
  BOOST_TEST_REQUIRE(r.ok(), render(r.diagnostics));
  BOOST_TEST_REQUIRE(r.plan.rules.size() == 1u);
  return r.plan.rules.front();
}

std::string indicator_of(const plan_result& r, const checked_rule& rule) {
  return r.plan.catalogue[rule.indicator].id;
}

} // namespace

BOOST_AUTO_TEST_SUITE(check_rules)

BOOST_AUTO_TEST_CASE(bound_at_a_year) {
  const auto r = check_string("infant_mortality_2030 < 2.8‰");
  const auto& rule = only_rule(r);
  BOOST_TEST(indicator_of(r, rule) == "infant_mortality");
  BOOST_TEST((rule.kind == rule_kind::bound));
  BOOST_TEST((rule.op == ast::compare_op::less));
  BOOST_TEST(rule.year.value() == 2030);
  BOOST_TEST(rule.target.value() == 2.8);
  BOOST_TEST(rule.written_value.value() == 2.8);
  BOOST_TEST(rule.unit_text == "‰");
  BOOST_TEST((rule.strength == rule_strength::binding));
  BOOST_TEST(rule.id == "1");
}

BOOST_AUTO_TEST_CASE(units_convert_into_the_indicator_unit) {
  const auto r = check_string("infant_mortality_2030 <= 0.28%");
  const auto& rule = only_rule(r);
  BOOST_TEST(rule.target.value() == 2.8); // 0.28% equals 2.8‰
  BOOST_TEST(rule.unit_text == "%");
}

BOOST_AUTO_TEST_CASE(a_rule_without_a_year_binds_at_the_end_of_the_period) {
  const auto r = check_string(plan_header + "preschool_enrolment >= 96%");
  const auto& rule = only_rule(r);
  BOOST_TEST(rule.year.value() == 2030);
  BOOST_TEST(rule.year_implicit);
}

BOOST_AUTO_TEST_CASE(every_year_bound_over_the_period) {
  const auto r = check_string(plan_header + "vaccination_rate >= 90% for every year, every township");
  const auto& rule = only_rule(r);
  BOOST_TEST((rule.kind == rule_kind::every_year_bound));
  BOOST_TEST(rule.span->first == 2021);
  BOOST_TEST(rule.span->last == 2030);
  BOOST_TEST_REQUIRE(rule.region_scopes.size() == 1u);
  BOOST_TEST((rule.region_scopes[0].level == ast::region_level::township));
}

BOOST_AUTO_TEST_CASE(baseline_relative_bound) {
  const auto r = check_string(plan_header + "injury_mortality_2030 <= 0.8 * injury_mortality_2020");
  const auto& rule = only_rule(r);
  BOOST_TEST((rule.kind == rule_kind::baseline_relative));
  BOOST_TEST(rule.baseline_year.value() == 2020);
  BOOST_TEST(rule.baseline_factor.value() == 0.8);
  BOOST_TEST(rule.year.value() == 2030);
}

BOOST_AUTO_TEST_CASE(trend_change_and_growth) {
  const auto trend = check_string(plan_header + "decreasing(drowning_mortality)");
  BOOST_TEST((only_rule(trend).kind == rule_kind::trend));
  BOOST_TEST(only_rule(trend).span->last == 2030);

  const auto change = check_string(plan_header + "change(myopia_rate) in [-1pp, -0.5pp] for every year {aspirational}");
  const auto& c = only_rule(change);
  BOOST_TEST((c.kind == rule_kind::yearly_change));
  BOOST_TEST((c.strength == rule_strength::aspirational));
  BOOST_TEST(c.low->constant == -1.0); // in the indicator's unit (%), read as percentage points
  BOOST_TEST(c.high->constant == -0.5);

  const auto growth = check_string(plan_header + "annual_growth(orphan_allowance, 2020..2025) >= 6%");
  const auto& g = only_rule(growth);
  BOOST_TEST((g.kind == rule_kind::growth));
  BOOST_TEST(g.target.value() == 0.06); // growth rates are fractions
  BOOST_TEST(g.year.value() == 2025);
}

BOOST_AUTO_TEST_CASE(per_population_rates) {
  const auto r = check_string(plan_header + "childcare_places_per_1000 >= 4.5个/千人口");
  const auto& rule = only_rule(r);
  BOOST_TEST((rule.kind == rule_kind::bound));
  BOOST_TEST(rule.target.value() == 4.5);
  const auto ascii = check_string(plan_header + "childcare_places_per_1000 >= 4.5 per 1000");
  BOOST_TEST(only_rule(ascii).target.value() == 4.5);
  const auto count = check_string(plan_header + "childcare_places_per_1000 >= 4.5个");
  BOOST_TEST(planrules::testing::find_code(count.diagnostics, diagnostic_code::unit_mismatch) != nullptr);
}

BOOST_AUTO_TEST_CASE(a_count_bound_on_a_per_mille_indicator_is_rejected_at_check_time) {
  const auto r = check_string("infant_mortality_2030 <= 4.5个");
  const auto* d = planrules::testing::find_code(r.diagnostics, diagnostic_code::unit_mismatch);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST(d->message.find("ratio") != std::string::npos);
  BOOST_TEST(d->message.find("count") != std::string::npos);
  BOOST_TEST(r.plan.rules.empty());
}

BOOST_AUTO_TEST_CASE(percent_for_a_change_is_a_warning_read_as_points) {
  const auto r = check_string(plan_header + "change(myopia_rate) <= -0.5% for every year");
  const auto* d = planrules::testing::find_code(r.diagnostics, diagnostic_code::percent_for_difference);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST((d->level == severity::warning));
  BOOST_TEST(r.ok());
  BOOST_TEST(r.plan.rules.front().rhs->constant == -0.5);
}

BOOST_AUTO_TEST_CASE(constant_on_the_left_is_turned_around) {
  const auto r = check_string("2.8‰ > infant_mortality_2030");
  const auto& rule = only_rule(r);
  BOOST_TEST((rule.kind == rule_kind::bound));
  BOOST_TEST((rule.op == ast::compare_op::less));
}

BOOST_AUTO_TEST_CASE(chinese_names_and_variants_resolve) {
  const auto r = check_string("婴儿死亡率_2030 <= 3‰");
  BOOST_TEST(indicator_of(r, only_rule(r)) == "infant_mortality");
  // 0—6岁 and 0~6岁 are one name.
  const auto a = check_string(plan_header + "`0—6岁儿童眼保健和视力检查覆盖率` >= 90%");
  const auto b = check_string(plan_header + "`0~6岁儿童眼保健和视力检查覆盖率` >= 90%");
  BOOST_TEST(indicator_of(a, only_rule(a)) == indicator_of(b, only_rule(b)));
}

BOOST_AUTO_TEST_CASE(rule_ids_follow_area_goal_and_number) {
  const auto r = check_string(plan_header + R"(area health "儿童与健康"
goal 3 "…"
  neonatal_mortality_2025 <= 2.8‰
  infant_mortality_2025 <= 3‰
  rule 5: under5_mortality_2025 <= 4‰
  neonatal_mortality_2030 <= 2.3‰
measure 2 "…"
  paediatricians_per_1000_children >= 1.12名/千名儿童
)");
  BOOST_TEST_REQUIRE(r.ok(), render(r.diagnostics));
  std::vector<std::string> ids;
  for (const auto& rule : r.plan.rules) ids.push_back(rule.id);
  const std::vector<std::string> expected{"health.3.1", "health.3.2", "health.3.5", "health.3.6", "health.m2.1"};
  BOOST_TEST(ids == expected, boost::test_tools::per_element());
  BOOST_TEST(r.plan.goals.size() == 2u);
  BOOST_TEST(r.plan.rules[0].source == "…");
}

BOOST_AUTO_TEST_CASE(tolerance_converts_into_the_compared_unit) {
  const auto r = check_string("infant_mortality_2030 <= 3‰ {tolerance: 0.01%, missing: not_met}");
  const auto& rule = only_rule(r);
  BOOST_TEST(rule.tolerance.value() == 0.1);
  BOOST_TEST((rule.missing == ast::missing_policy::not_met));
  const auto relative = check_string("infant_mortality_2030 <= 3‰ {tolerance: 5% relative}");
  BOOST_TEST(only_rule(relative).relative_tolerance.value() == 0.05);
}

BOOST_AUTO_TEST_CASE(includes_bring_catalogues_and_catch_cycles) {
  const auto dir = std::filesystem::temp_directory_path() / "planrules_include_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "cat.rules") << "indicator school_count \"学校数\"\n  unit 所\n";
  std::ofstream(dir / "a.rules") << "include \"b.rules\"\n";
  std::ofstream(dir / "b.rules") << "include \"a.rules\"\n";
  const auto ok = check_text("include \"cat.rules\"\nschool_count_2030 >= 6所", (dir / "plan.rules").string());
  BOOST_TEST(ok.ok(), render(ok.diagnostics));
  BOOST_TEST(ok.plan.catalogue.size() == 1u); // no fallback to the standard catalogue once one is given
  const auto cycle = check_text("include \"a.rules\"\n", (dir / "plan.rules").string());
  BOOST_TEST(planrules::testing::find_code(cycle.diagnostics, diagnostic_code::include_cycle) != nullptr);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(the_seed_and_national_rules_files_check_cleanly) {
  for (const auto* name : {"rules/cn/xigang_children_2021_2030.rules", "rules/cn/bayannur_children_2021_2030.rules",
                           "rules/cn/national_children_targets.rules", "rules/catalogue.rules"}) {
    BOOST_TEST_CONTEXT(name) {
      const auto r = check_file(planrules::testing::source_path(name));
      BOOST_TEST(r.diagnostics.empty(), render(r.diagnostics));
    }
  }
}

BOOST_AUTO_TEST_CASE(json_of_the_canonical_example) {
  const auto r = check_string("infant_mortality_2030 < 2.8‰");
  const auto json = plan_to_json(r.plan);
  for (const auto* expected : {"\"indicator\": \"infant_mortality\"", "\"year\": 2030", "\"operator\": \"<\"",
                               "\"value\": 2.8", "\"unit\": \"‰\"", "\"kind\": \"bound\"", "\"strength\": \"binding\""})
    BOOST_TEST(json.find(expected) != std::string::npos, expected);
}

BOOST_AUTO_TEST_CASE(full_width_gives_the_same_json_as_ascii) {
  const auto wide = check_text("ｘ＿２０３０ ＜ ２.８‰", "x.rules", {});
  const auto narrow = check_text("x_2030 < 2.8‰", "x.rules", {});
  // x is not in the standard catalogue: both report the same error at the same place.
  const auto* w = planrules::testing::find_code(wide.diagnostics, diagnostic_code::unknown_indicator);
  const auto* n = planrules::testing::find_code(narrow.diagnostics, diagnostic_code::unknown_indicator);
  BOOST_TEST_REQUIRE((w && n));
  BOOST_TEST(w->location.column == n->location.column);
  BOOST_TEST(w->message == n->message);
  const std::string header = "indicator x \"某指标\"\n  unit ‰\n";
  const auto wide_ok = check_text(header + "ｘ＿２０３０ ＜ ２.８‰", "x.rules", {});
  const auto narrow_ok = check_text(header + "x_2030 < 2.8‰", "x.rules", {});
  BOOST_TEST_REQUIRE(wide_ok.ok(), render(wide_ok.diagnostics));
  BOOST_TEST(plan_to_json(wide_ok.plan) == plan_to_json(narrow_ok.plan));
}

BOOST_AUTO_TEST_SUITE_END()
