// Lint: contradictions, redundancy, loosening, duplicate goals, goals with no rule —
// each finding with its code and the rule it points at.
#include "support.hpp"

#include <planrules/testing/boost_test.hpp>

#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>

using namespace planrules;
using planrules::testing::check_string;
using planrules::testing::plan_header;

namespace {

// A plan with one health goal holding `rules` (one per line); the goal's sentence is `source`.
std::string goal_text(const std::string& rules, const std::string& source = "目标") {
  return plan_header + "area health \"儿童与健康\"\ngoal 1 \"" + source + "\"\n" + rules;
}

lint_result lint_string(const std::string& text, const lint_options& options = {}) {
  return lint_text(text, "test.rules", {}, options);
}

// An indicator with no better direction, so that floors and ceilings are neutral.
const std::string neutral = "indicator x \"某指标\"\n  unit %\nindicator y \"另一指标\"\n  unit ‰\n";

std::size_t count_code(const diagnostic_list& list, diagnostic_code code) {
  return static_cast<std::size_t>(std::count_if(list.begin(), list.end(), [&](const diagnostic& d) { return d.code == code; }));
}

// The one diagnostic with `code`, and the id of the rule it points at.
std::string rule_of(const lint_result& r, diagnostic_code code) {
  const auto* d = planrules::testing::find_code(r.diagnostics, code);
  if (!d) return "(none)";
  return planrules::testing::finding_place(r.plan, *d);
}

bool notes_mention(const lint_result& r, diagnostic_code code, const std::string& text) {
  for (const auto& d : r.diagnostics)
    if (d.code == code)
      for (const auto& note : d.notes)
        if (note.find(text) != std::string::npos) return true;
  return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(lint)

BOOST_AUTO_TEST_CASE(contradiction_in_the_same_year) {
  const auto r = lint_string(goal_text("  infant_mortality_2025 <= 3‰\n  infant_mortality_2025 <= 2‰ {note: \"x\"}\n"
                                       "  rule 3: infant_mortality_2025 >= 0.5%\n"));
  BOOST_TEST(rule_of(r, diagnostic_code::contradictory_rules) == "health.1.3");
  const auto* d = planrules::testing::find_code(r.diagnostics, diagnostic_code::contradictory_rules);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST((d->level == severity::error));
  BOOST_TEST(d->location.line == 8u);
  // 0.5% is 5‰: the message and notes speak in the indicator's unit and name the rule that binds
  BOOST_TEST(d->message.find("health.1.2") != std::string::npos, d->message);
  BOOST_TEST(notes_mention(r, diagnostic_code::contradictory_rules, "≥ 5‰"));
  BOOST_TEST(notes_mention(r, diagnostic_code::contradictory_rules, "≤ 2‰"));
  BOOST_TEST(!r.ok());
}

BOOST_AUTO_TEST_CASE(contradiction_with_an_every_year_bound) {
  const auto r = lint_string(goal_text("  vaccination_rate >= 95% for every year\n  vaccination_rate_2025 <= 90%\n"));
  BOOST_TEST(rule_of(r, diagnostic_code::contradictory_rules) == "health.1.2");
  BOOST_TEST(notes_mention(r, diagnostic_code::contradictory_rules, "every year 2021–2030, so also in 2025"));
}

BOOST_AUTO_TEST_CASE(an_every_year_bound_on_part_of_the_period_leaves_other_years_free) {
  const auto r = lint_string(goal_text("  vaccination_rate >= 95% for every year 2021..2025\n  vaccination_rate_2026 >= 90%\n"
                                       "  vaccination_rate_2030 <= 92% {note: \"ceiling\"}\n"));
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::contradictory_rules) == 0u, render(r.diagnostics));
}

BOOST_AUTO_TEST_CASE(a_milestone_a_decreasing_trend_makes_impossible) {
  // decreasing carries the 2030 floor back: infant_mortality_2025 > 3‰, against ≤ 2.8‰
  const auto r = lint_string(goal_text("  decreasing(infant_mortality)\n  infant_mortality_2030 >= 3‰\n"
                                       "  infant_mortality_2025 <= 2.8‰\n"));
  BOOST_TEST(rule_of(r, diagnostic_code::contradiction_across_years) == "health.1.3");
  BOOST_TEST(notes_mention(r, diagnostic_code::contradiction_across_years, "decreasing(infant_mortality)"));
  BOOST_TEST(notes_mention(r, diagnostic_code::contradiction_across_years, "> 3‰"));
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::contradictory_rules) == 0u);
}

BOOST_AUTO_TEST_CASE(strict_trends_exclude_equal_values_in_different_years) {
  // x_2025 <= 3 and x_2030 >= 3 meet only at x = 3 in both years, which a strict fall rules out
  const auto strict = lint_string(neutral + goal_text("  decreasing(x)\n  x_2025 <= 3%\n  x_2030 >= 3%\n"));
  BOOST_TEST(rule_of(strict, diagnostic_code::contradiction_across_years) == "health.1.3");
  const auto level = lint_string(neutral + goal_text("  non_increasing(x)\n  x_2025 <= 3%\n  x_2030 >= 3%\n"));
  BOOST_TEST(count_code(level.diagnostics, diagnostic_code::contradiction_across_years) == 0u, render(level.diagnostics));
}

BOOST_AUTO_TEST_CASE(a_yearly_change_limits_how_far_a_value_can_move) {
  // at most 1 point a year over nine steps (2021→2030) cannot take 50% to 30%
  const auto r = lint_string(goal_text("  change(myopia_rate) in [-1pp, -0.5pp] for every year\n  myopia_rate_2021 >= 50% {note: \"baseline\"}\n"
                                       "  myopia_rate_2030 <= 30%\n"));
  BOOST_TEST(rule_of(r, diagnostic_code::contradiction_across_years) == "health.1.3");
  BOOST_TEST(notes_mention(r, diagnostic_code::contradiction_across_years, "yearly change"));
}

BOOST_AUTO_TEST_CASE(baseline_relative_bounds_resolve_when_the_baseline_is_bounded) {
  const auto r = lint_string(neutral + goal_text("  y_2020 <= 10‰\n  y_2030 <= 0.8 * y_2020\n  y_2030 >= 9‰\n"));
  BOOST_TEST(rule_of(r, diagnostic_code::contradiction_across_years) == "health.1.3");
  BOOST_TEST(notes_mention(r, diagnostic_code::contradiction_across_years, "≤ 8‰"));
}

BOOST_AUTO_TEST_CASE(compound_growth_against_a_ceiling) {
  // 1000元 growing 6% a year for five years is 1338元, above 1200元
  const auto r = lint_string(goal_text("  annual_growth(orphan_allowance, 2020..2025) >= 6%\n  orphan_allowance_2020 >= 1000元\n"
                                       "  orphan_allowance_2025 <= 1200元 {note: \"cap\"}\n"));
  BOOST_TEST(rule_of(r, diagnostic_code::contradiction_across_years) == "health.1.3");
}

BOOST_AUTO_TEST_CASE(a_rule_no_value_satisfies) {
  const auto negative = lint_string(goal_text("  myopia_rate_2030 <= -1%\n"));
  BOOST_TEST(rule_of(negative, diagnostic_code::unsatisfiable_rule) == "health.1.1");
  BOOST_TEST(notes_mention(negative, diagnostic_code::unsatisfiable_rule, "never negative"));
  const auto empty = lint_string(neutral + goal_text("  x_2030 in (90%, 90%) {note: \"open\"}\n"));
  BOOST_TEST(rule_of(empty, diagnostic_code::unsatisfiable_rule) == "health.1.1");
}

BOOST_AUTO_TEST_CASE(only_the_rule_that_brings_the_conflict_is_reported) {
  // the third rule conflicts; the fourth agrees with the first two and is not dragged in
  const auto r = lint_string(neutral + goal_text("  x_2030 >= 50%\n  x_2030 <= 80%\n  x_2030 >= 90%\n  x_2030 >= 60%\n"));
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::contradictory_rules) == 1u, render(r.diagnostics));
  BOOST_TEST(rule_of(r, diagnostic_code::contradictory_rules) == "health.1.3");
  BOOST_TEST(rule_of(r, diagnostic_code::redundant_rule) == "health.1.1"); // 60% makes 50% redundant
}

BOOST_AUTO_TEST_CASE(disaggregations_and_quantifiers_are_separate_quantities) {
  const auto r = lint_string(goal_text("  under5_anaemia_rate_2030[sex=female] <= 10%\n  under5_anaemia_rate_2030[sex=male] >= 12%\n"
                                       "  vaccination_rate >= 95% for every year, every township\n"
                                       "  vaccination_rate_2030 >= 90%\n"));
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::contradictory_rules) == 0u);
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::redundant_rule) == 0u, render(r.diagnostics));
}

BOOST_AUTO_TEST_CASE(a_later_target_above_an_earlier_one_loosens) {
  const auto lower = lint_string(goal_text("  infant_mortality_2025 <= 2.8‰\n  infant_mortality_2030 <= 3‰\n"));
  BOOST_TEST(rule_of(lower, diagnostic_code::loosening_target) == "health.1.2");
  BOOST_TEST((planrules::testing::find_code(lower.diagnostics, diagnostic_code::loosening_target)->level == severity::warning));
  BOOST_TEST(lower.ok());
  const auto higher = lint_string(goal_text("  vaccination_rate_2025 >= 95%\n  vaccination_rate_2030 >= 92%\n"));
  BOOST_TEST(rule_of(higher, diagnostic_code::loosening_target) == "health.1.2");
  // tightening over time is what plans do
  const auto tighter = lint_string(goal_text("  infant_mortality_2025 <= 3‰\n  infant_mortality_2030 <= 2.8‰\n"));
  BOOST_TEST(tighter.diagnostics.empty(), render(tighter.diagnostics));
}

BOOST_AUTO_TEST_CASE(an_every_year_bound_below_a_milestone_loosens_after_it) {
  const auto r = lint_string(goal_text("  vaccination_rate_2025 >= 95%\n  vaccination_rate >= 90% for every year\n"));
  BOOST_TEST(rule_of(r, diagnostic_code::loosening_target) == "health.1.2");
  const auto* d = planrules::testing::find_code(r.diagnostics, diagnostic_code::loosening_target);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST(d->message.find("2026") != std::string::npos, d->message);
}

BOOST_AUTO_TEST_CASE(loosening_under_a_trend_says_the_trend_keeps_it) {
  const auto r = lint_string(goal_text("  decreasing(infant_mortality)\n  infant_mortality_2025 <= 2.8‰\n  infant_mortality_2030 <= 3‰\n"));
  BOOST_TEST(rule_of(r, diagnostic_code::loosening_target) == "health.1.3");
  BOOST_TEST(notes_mention(r, diagnostic_code::loosening_target, "keeps the 2030 value"));
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::redundant_rule) == 0u); // reported once, as loosening
}

BOOST_AUTO_TEST_CASE(loosening_needs_a_better_direction) {
  const auto r = lint_string(neutral + goal_text("  x_2025 <= 3%\n  x_2030 <= 4%\n"));
  BOOST_TEST(r.diagnostics.empty(), render(r.diagnostics));
}

BOOST_AUTO_TEST_CASE(a_weaker_bound_is_redundant_whatever_the_order) {
  for (const auto* rules : {"  infant_mortality_2030 <= 3‰\n  infant_mortality_2030 <= 4‰\n",
                            "  infant_mortality_2030 <= 4‰\n  infant_mortality_2030 <= 3‰\n"}) {
    const auto r = lint_string(goal_text(rules));
    const auto* d = planrules::testing::find_code(r.diagnostics, diagnostic_code::redundant_rule);
    BOOST_TEST_REQUIRE(d != nullptr);
    BOOST_TEST(d->location.line_text.find("4‰") != std::string::npos);
    BOOST_TEST((d->level == severity::warning));
  }
}

BOOST_AUTO_TEST_CASE(an_every_year_bound_makes_a_year_bound_redundant) {
  const auto r = lint_string(goal_text("  vaccination_rate >= 95% for every year\n  vaccination_rate_2030 >= 90%\n"));
  BOOST_TEST(rule_of(r, diagnostic_code::redundant_rule) == "health.1.2");
  BOOST_TEST(notes_mention(r, diagnostic_code::redundant_rule, "≥ 95%"));
}

BOOST_AUTO_TEST_CASE(the_same_bound_in_another_unit_repeats_it) {
  const auto r = lint_string(goal_text("  infant_mortality_2030 <= 3‰\n  infant_mortality_2030 <= 0.3%\n"));
  const auto* d = planrules::testing::find_code(r.diagnostics, diagnostic_code::redundant_rule);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST(d->message.find("repeats") != std::string::npos, d->message);
  BOOST_TEST(rule_of(r, diagnostic_code::redundant_rule) == "health.1.2");
}

BOOST_AUTO_TEST_CASE(trends_implied_by_stronger_rules_are_redundant) {
  const auto r = lint_string(goal_text("  decreasing(drowning_mortality)\n  non_increasing(drowning_mortality)\n"));
  BOOST_TEST(rule_of(r, diagnostic_code::redundant_rule) == "health.1.2");
  const auto change = lint_string(goal_text("  change(myopia_rate) in [-1pp, -0.5pp] for every year\n  decreasing(myopia_rate)\n"));
  BOOST_TEST(rule_of(change, diagnostic_code::redundant_rule) == "health.1.2");
  const auto weaker = lint_string(goal_text("  non_increasing(drowning_mortality)\n  decreasing(drowning_mortality)\n"));
  BOOST_TEST(rule_of(weaker, diagnostic_code::redundant_rule) == "health.1.1");
}

BOOST_AUTO_TEST_CASE(an_aspirational_target_already_required_is_redundant) {
  const auto r = lint_string(goal_text("  vaccination_rate_2030 >= 95%\n  vaccination_rate_2030 >= 90% {aspirational}\n"));
  const auto* d = planrules::testing::find_code(r.diagnostics, diagnostic_code::redundant_rule);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST(d->message.find("aspirational") != std::string::npos);
  BOOST_TEST(rule_of(r, diagnostic_code::redundant_rule) == "health.1.2");
}

BOOST_AUTO_TEST_CASE(an_aspirational_target_binding_rules_rule_out) {
  const auto r = lint_string(neutral + goal_text("  x_2030 <= 50%\n  x_2030 >= 60% {aspirational}\n"));
  BOOST_TEST(rule_of(r, diagnostic_code::aspirational_conflict) == "health.1.2");
  BOOST_TEST((planrules::testing::find_code(r.diagnostics, diagnostic_code::aspirational_conflict)->level == severity::warning));
  BOOST_TEST(r.ok()); // the binding plan can still be met
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::contradictory_rules) == 0u);
}

BOOST_AUTO_TEST_CASE(unit_errors_are_check_errors_and_included) {
  const auto r = lint_string(goal_text("  infant_mortality_2030 <= 4.5个\n  infant_mortalty_2030 <= 3‰\n  infant_mortality_2030 <= 3‰\n"));
  const auto* unit = planrules::testing::find_code(r.diagnostics, diagnostic_code::unit_mismatch);
  const auto* name = planrules::testing::find_code(r.diagnostics, diagnostic_code::unknown_indicator);
  BOOST_TEST_REQUIRE((unit && name));
  BOOST_TEST(unit->location.line == 6u);
  BOOST_TEST(name->location.line == 7u);
  BOOST_TEST(!r.ok());
  BOOST_TEST(r.plan.rules.size() == 1u); // the rules with errors are not reasoned about
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::goal_without_rule) == 0u);
}

BOOST_AUTO_TEST_CASE(goals_repeated_by_sentence_or_by_rules) {
  const auto r = lint_string(plan_header + "area health \"儿童与健康\"\n"
                                           "goal 1 \"婴儿死亡率控制在3‰以下。\"\n  infant_mortality <= 3‰\n"
                                           "goal 2 \"婴儿死亡率控制在3‰以下。\"\n  infant_mortality <= 3‰\n"
                                           "goal 3 \"婴儿死亡率降至千分之三以下。\"\n  infant_mortality_2030 <= 0.3%\n");
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::repeated_goal) == 2u, render(r.diagnostics));
  std::vector<std::uint32_t> lines;
  for (const auto& d : r.diagnostics)
    if (d.code == diagnostic_code::repeated_goal) lines.push_back(d.location.line);
  BOOST_TEST(lines == (std::vector<std::uint32_t>{7u, 9u}), boost::test_tools::per_element());
  // the rules of a repeated goal are not reported once more as redundant
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::redundant_rule) == 0u, render(r.diagnostics));
}

BOOST_AUTO_TEST_CASE(a_goal_with_no_rule) {
  const auto r = lint_string(plan_header + "area health \"儿童与健康\"\n"
                                           "goal 1 \"儿童健康水平不断提高。\"\n"
                                           "goal 2 \"儿童超重、肥胖上升趋势得到有效控制。\"\n  qualitative \"得到有效控制\"\n"
                                           "measure 3 \"加强宣传。\"\n");
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::goal_without_rule) == 2u, render(r.diagnostics));
  BOOST_TEST(rule_of(lint_string(plan_header + "area health \"儿童与健康\"\ngoal 1 \"不断提高。\"\n"),
                     diagnostic_code::goal_without_rule) == "health.1");
  for (const auto& d : r.diagnostics)
    if (d.code == diagnostic_code::goal_without_rule && d.location.line == 8u) BOOST_TEST((d.level == severity::note));
}

BOOST_AUTO_TEST_CASE(a_floor_on_a_lower_is_better_indicator) {
  const auto trend = lint_string(goal_text("  increasing(drowning_mortality)\n"));
  BOOST_TEST(rule_of(trend, diagnostic_code::against_better_direction) == "health.1.1");
  const auto cap = lint_string(goal_text("  vaccination_rate_2030 <= 95%\n"));
  BOOST_TEST(rule_of(cap, diagnostic_code::against_better_direction) == "health.1.1");
}

BOOST_AUTO_TEST_CASE(an_implicit_year_after_the_deadline_the_goal_names) {
  const auto r = lint_string(goal_text("  under5_stunting_rate <= 5%\n", "5岁以下儿童生长迟缓率到2025年控制在5%以下。"));
  BOOST_TEST(rule_of(r, diagnostic_code::year_after_goal_deadline) == "health.1.1");
  BOOST_TEST(notes_mention(r, diagnostic_code::year_after_goal_deadline, "under5_stunting_rate_2025"));
  const auto written = lint_string(goal_text("  under5_stunting_rate_2030 <= 5%\n", "到2025年控制在5%以下。"));
  BOOST_TEST(count_code(written.diagnostics, diagnostic_code::year_after_goal_deadline) == 0u);
  const auto baseline = lint_string(goal_text("  injury_mortality_2030 <= 0.8 * injury_mortality_2020\n  under5_stunting_rate <= 5%\n",
                                              "以2020年数据为基数下降20%。"));
  BOOST_TEST(count_code(baseline.diagnostics, diagnostic_code::year_after_goal_deadline) == 0u);
}

BOOST_AUTO_TEST_CASE(a_phrase_that_is_not_in_the_sentence) {
  const auto r = lint_string(goal_text("  infant_mortality_2030 <= 3‰ {phrase: \"婴儿…3‰以下\"}\n"
                                       "  neonatal_mortality_2030 <= 2‰ {phrase: \"新生儿死亡率…2‰\"}\n",
                                       "婴儿死亡率控制在3‰以下。"));
  BOOST_TEST(count_code(r.diagnostics, diagnostic_code::phrase_not_in_source) == 1u);
  BOOST_TEST(rule_of(r, diagnostic_code::phrase_not_in_source) == "health.1.2");
}

BOOST_AUTO_TEST_CASE(exclusive_bounds_without_a_reading_note) {
  const auto bare = lint_string("infant_mortality_2030 < 2.8‰");
  const auto* d = planrules::testing::find_code(bare.diagnostics, diagnostic_code::exclusive_bound_unexplained);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST((d->level == severity::note));
  BOOST_TEST(bare.ok());
  const auto noted = lint_string("infant_mortality_2030 < 2.8‰ {note: \"低于 read as exclusive\"}");
  BOOST_TEST(noted.diagnostics.empty(), render(noted.diagnostics));
  lint_options quiet;
  quiet.notes = false;
  BOOST_TEST(lint_string("infant_mortality_2030 < 2.8‰", quiet).diagnostics.empty());
}

BOOST_AUTO_TEST_CASE(the_seed_and_national_plans_lint_clean) {
  for (const auto* name : {"rules/cn/xigang_children_2021_2030.rules", "rules/cn/bayannur_children_2021_2030.rules",
                           "rules/cn/national_children_targets.rules"}) {
    BOOST_TEST_CONTEXT(name) {
      const auto r = lint_file(planrules::testing::source_path(name));
      BOOST_TEST(r.diagnostics.empty(), render(r.diagnostics));
      BOOST_TEST(!r.plan.rules.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(lint_of_a_checked_plan_alone) {
  const auto checked = check_string(goal_text("  infant_mortality_2025 <= 3‰\n  infant_mortality_2025 >= 5‰\n"));
  const auto found = planrules::lint(checked.plan);
  BOOST_TEST(count_code(found, diagnostic_code::contradictory_rules) == 1u);
  for (const auto& d : found) BOOST_TEST(static_cast<int>(d.code) >= 6000);
}

BOOST_AUTO_TEST_CASE(json_lists_every_finding_with_its_code) {
  const auto r = lint_string(goal_text("  infant_mortality_2025 <= 3‰\n  infant_mortality_2025 >= 5‰\n"));
  const auto json = lint_results_to_json({&r});
  for (const auto* expected : {"\"schema\": \"planrules.lint/1\"", "\"code\": \"PR6001\"", "\"name\": \"contradictory_rules\"",
                               "\"errors\": 1", "\"ok\": false"})
    BOOST_TEST(json.find(expected) != std::string::npos, expected);
}

BOOST_AUTO_TEST_CASE(the_boost_test_helpers_list_each_finding) {
  const auto dir = std::filesystem::temp_directory_path() / "planrules_lint_helper_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "plan.rules").string();
  std::ofstream(path) << goal_text("  infant_mortality_2025 <= 2.8‰\n  infant_mortality_2030 <= 3‰\n");
  auto clean = planrules::testing::plan_clean(path);
  BOOST_TEST(!clean);
  const auto message = clean.message().str();
  BOOST_TEST(message.find("PR6005 at health.1.2") != std::string::npos, message);
  BOOST_TEST(planrules::testing::no_lint_errors(path));
  BOOST_TEST(planrules::testing::lint_findings_are(path, {{"PR6005", "health.1.2"}}));
  auto stale = planrules::testing::lint_findings_are(path, {{"PR6005", "health.1.2"}, {"PR6004", "health.1.1"}});
  BOOST_TEST(!stale);
  BOOST_TEST(stale.message().str().find("no longer occur") != std::string::npos);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
