// The rule language: every construct of docs/language.md parses into the tree it means.
#include "support.hpp"

#include <boost/test/unit_test.hpp>

using namespace planrules;
using planrules::testing::parse_text;

namespace {

const ast::rule& only_rule(const parse_result& r) {
  BOOST_TEST_REQUIRE(r.ok(), render(r.diagnostics));
  BOOST_TEST_REQUIRE(r.file.rules.size() == 1u);
  return r.file.rules.front();
}

const ast::comparison& comparison_of(const ast::rule& rule) {
  const auto* c = std::get_if<ast::comparison>(&rule.body);
  BOOST_TEST_REQUIRE(c != nullptr);
  return *c;
}

const ast::reference& reference_of(const ast::expression& e) {
  const auto* r = std::get_if<ast::reference>(&e.node);
  BOOST_TEST_REQUIRE(r != nullptr);
  return *r;
}

const ast::quantity& quantity_of(const ast::expression& e) {
  const auto* q = std::get_if<ast::quantity>(&e.node);
  BOOST_TEST_REQUIRE(q != nullptr);
  return *q;
}

} // namespace

BOOST_AUTO_TEST_SUITE(parse_constructs)

BOOST_AUTO_TEST_CASE(canonical_example_parses_exactly_as_written) {
  const auto result = parse_text("infant_mortality_2030 < 2.8‰");
  const auto& c = comparison_of(only_rule(result));
  const auto& ref = reference_of(c.lhs);
  BOOST_TEST(ref.name == "infant_mortality");
  BOOST_TEST(ref.year.value() == 2030);
  BOOST_TEST((c.op == ast::compare_op::less));
  const auto& q = quantity_of(c.rhs);
  BOOST_TEST(q.amount.value == 2.8);
  BOOST_TEST(q.amount.text == "2.8");
  BOOST_TEST(q.unit == "‰");
}

BOOST_AUTO_TEST_CASE(explicit_year_forms_are_equivalent) {
  const auto suffix = parse_text("infant_mortality_2030 < 2.8‰");
  const auto at = parse_text("infant_mortality@2030 < 2.8‰");
  const auto key = parse_text("infant_mortality[year=2030] < 2.8‰");
  BOOST_TEST((only_rule(suffix) == only_rule(at)));
  BOOST_TEST((only_rule(suffix) == only_rule(key)));
}

BOOST_AUTO_TEST_CASE(name_ending_in_digits_that_are_no_year_keeps_them) {
  const auto r = parse_text("childcare_places_per_1000_2025 >= 4.5个/千人口");
  const auto& ref = reference_of(comparison_of(only_rule(r)).lhs);
  BOOST_TEST(ref.name == "childcare_places_per_1000");
  BOOST_TEST(ref.year.value() == 2025);
  const auto bare = parse_text("childcare_places_per_1000 >= 4.5个/千人口");
  const auto& bare_ref = reference_of(comparison_of(only_rule(bare)).lhs);
  BOOST_TEST(bare_ref.name == "childcare_places_per_1000");
  BOOST_TEST(!bare_ref.year.has_value());
  BOOST_TEST(quantity_of(comparison_of(only_rule(bare)).rhs).unit == "个/千人口");
}

BOOST_AUTO_TEST_CASE(every_comparison_operator_and_its_unicode_form) {
  const std::pair<const char*, ast::compare_op> cases[] = {
      {"<", ast::compare_op::less},         {"<=", ast::compare_op::less_equal},
      {"≤", ast::compare_op::less_equal},   {">", ast::compare_op::greater},
      {">=", ast::compare_op::greater_equal}, {"≥", ast::compare_op::greater_equal},
      {"=", ast::compare_op::equal},        {"==", ast::compare_op::equal},
      {"!=", ast::compare_op::not_equal},   {"≠", ast::compare_op::not_equal},
      {"＜", ast::compare_op::less},         {"＞＝", ast::compare_op::greater_equal}};
  for (const auto& [op, expected] : cases) {
    BOOST_TEST_CONTEXT(op) {
      const auto r = parse_text(std::string("x_2030 ") + op + " 3%");
      BOOST_TEST((comparison_of(only_rule(r)).op == expected));
    }
  }
}

BOOST_AUTO_TEST_CASE(units_attach_to_numbers) {
  const char* units[] = {"%", "‰", "‱", "pp", "个", "名", "家", "所", "张", "万张", "个/千人口", "名/千名儿童", "元", "小时"};
  for (const auto* unit : units) {
    BOOST_TEST_CONTEXT(unit) {
      const auto r = parse_text(std::string("x_2030 >= 4.5") + unit);
      BOOST_TEST(quantity_of(comparison_of(only_rule(r)).rhs).unit == unit);
    }
  }
  const auto per = parse_text("childcare_places_2030 >= 4.5 per 1000");
  BOOST_TEST(quantity_of(comparison_of(only_rule(per)).rhs).unit == "per 1000");
  const auto per_children = parse_text("doctors_2030 >= 1.12名 per 1000 children");
  BOOST_TEST(quantity_of(comparison_of(only_rule(per_children)).rhs).unit == "名 per 1000 children");
}

BOOST_AUTO_TEST_CASE(arithmetic_on_references_respects_precedence) {
  const auto r = parse_text("injury_mortality_2030 <= 0.8 * injury_mortality_2020 - 1‱ / 2");
  const auto& c = comparison_of(only_rule(r));
  const auto* sub = std::get_if<ast::binary>(&c.rhs.node);
  BOOST_TEST_REQUIRE(sub != nullptr);
  BOOST_TEST((sub->op == ast::arithmetic_op::subtract));
  const auto* mul = std::get_if<ast::binary>(&sub->lhs->node);
  BOOST_TEST_REQUIRE(mul != nullptr);
  BOOST_TEST((mul->op == ast::arithmetic_op::multiply));
  BOOST_TEST(reference_of(*mul->rhs).year.value() == 2020);
  const auto* div = std::get_if<ast::binary>(&sub->rhs->node);
  BOOST_TEST_REQUIRE(div != nullptr);
  BOOST_TEST((div->op == ast::arithmetic_op::divide));
}

BOOST_AUTO_TEST_CASE(parentheses_and_negation) {
  const auto r = parse_text("x_2030 - x_2020 <= -(1pp + 0.5pp)");
  const auto& c = comparison_of(only_rule(r));
  const auto* negation = std::get_if<ast::negate>(&c.rhs.node);
  BOOST_TEST_REQUIRE(negation != nullptr);
  BOOST_TEST(std::holds_alternative<ast::binary>(negation->operand->node));
}

BOOST_AUTO_TEST_CASE(disaggregation_filters) {
  const auto r = parse_text("anaemia_rate_2030[sex=female, area=rural, age=\"0-5\"] <= 10%");
  const auto& ref = reference_of(comparison_of(only_rule(r)).lhs);
  BOOST_TEST_REQUIRE(ref.filters.size() == 3u);
  BOOST_TEST(ref.filters[0].key == "sex");
  BOOST_TEST(ref.filters[0].value == "female");
  BOOST_TEST(ref.filters[1].value == "rural");
  BOOST_TEST(ref.filters[2].value == "0-5");
}

BOOST_AUTO_TEST_CASE(unicode_identifiers_and_backticked_names) {
  const auto chinese = parse_text("婴儿死亡率_2025 ≤ 3‰");
  const auto& ref = reference_of(comparison_of(only_rule(chinese)).lhs);
  BOOST_TEST(ref.name == "婴儿死亡率");
  BOOST_TEST(ref.year.value() == 2025);
  const auto quoted = parse_text("`0~6岁儿童眼保健和视力检查覆盖率`@2025 >= 90%");
  const auto& q = reference_of(comparison_of(only_rule(quoted)).lhs);
  BOOST_TEST(q.name == "0~6岁儿童眼保健和视力检查覆盖率");
  BOOST_TEST(q.year.value() == 2025);
}

BOOST_AUTO_TEST_CASE(every_year_and_region_quantifiers) {
  const auto r = parse_text("vaccination_rate >= 90% for every year, every township");
  const auto& rule = only_rule(r);
  BOOST_TEST_REQUIRE(rule.scopes.size() == 2u);
  BOOST_TEST((rule.scopes[0].what == ast::scope::kind::every_year));
  BOOST_TEST(!rule.scopes[0].years.has_value());
  BOOST_TEST((rule.scopes[1].what == ast::scope::kind::every_region));
  BOOST_TEST((rule.scopes[1].level == ast::region_level::township));

  const auto chinese_level = parse_text("social_workers >= 1名 for every 街道");
  BOOST_TEST((only_rule(chinese_level).scopes[0].level == ast::region_level::township));

  const auto ranged = parse_text("x >= 90% for every year 2021..2025");
  BOOST_TEST(only_rule(ranged).scopes[0].years->first == 2021);
  BOOST_TEST(only_rule(ranged).scopes[0].years->last == 2025);

  const auto at_least = parse_text("x >= 1 for at least 3 of township");
  BOOST_TEST((only_rule(at_least).scopes[0].what == ast::scope::kind::at_least));
  BOOST_TEST(only_rule(at_least).scopes[0].count->value == 3);
  BOOST_TEST(!only_rule(at_least).scopes[0].count_is_share);
  const auto share = parse_text("x >= 1 for at least 80% of village");
  BOOST_TEST(only_rule(share).scopes[0].count_is_share);
  BOOST_TEST((only_rule(share).scopes[0].level == ast::region_level::village));
}

BOOST_AUTO_TEST_CASE(trends_changes_and_growth) {
  const auto trend = parse_text("decreasing(drowning_mortality)");
  const auto* t = std::get_if<ast::trend>(&only_rule(trend).body);
  BOOST_TEST_REQUIRE(t != nullptr);
  BOOST_TEST((t->direction == ast::trend_direction::decreasing));
  BOOST_TEST(t->subject.name == "drowning_mortality");

  const auto ranged = parse_text("non_decreasing(coverage, 2025..2030)");
  const auto* nd = std::get_if<ast::trend>(&only_rule(ranged).body);
  BOOST_TEST_REQUIRE(nd != nullptr);
  BOOST_TEST((nd->direction == ast::trend_direction::non_decreasing));
  BOOST_TEST(nd->years->first == 2025);

  const auto change = parse_text("change(myopia_rate) in [-1pp, -0.5pp] for every year {aspirational}");
  const auto& rule = only_rule(change);
  const auto* interval = std::get_if<ast::interval_test>(&rule.body);
  BOOST_TEST_REQUIRE(interval != nullptr);
  BOOST_TEST(interval->low_inclusive);
  BOOST_TEST(interval->high_inclusive);
  const auto* call = std::get_if<ast::call>(&interval->value.node);
  BOOST_TEST_REQUIRE(call != nullptr);
  BOOST_TEST(call->function == "change");
  BOOST_TEST(rule.options.aspirational);

  const auto open = parse_text("change(x) in (-1pp, 0pp)");
  const auto* o = std::get_if<ast::interval_test>(&only_rule(open).body);
  BOOST_TEST_REQUIRE(o != nullptr);
  BOOST_TEST(!o->low_inclusive);
  BOOST_TEST(!o->high_inclusive);

  const auto growth = parse_text("annual_growth(orphan_allowance, 2020..2025) >= 6%");
  const auto* g = std::get_if<ast::call>(&comparison_of(only_rule(growth)).lhs.node);
  BOOST_TEST_REQUIRE(g != nullptr);
  BOOST_TEST(g->function == "annual_growth");
  BOOST_TEST(g->years->first == 2020);
  BOOST_TEST(g->years->last == 2025);
}

BOOST_AUTO_TEST_CASE(qualitative_goals) {
  const auto r = parse_text("qualitative \"上升趋势得到有效控制: no measurable target\" on overweight_rate");
  const auto* q = std::get_if<ast::qualitative>(&only_rule(r).body);
  BOOST_TEST_REQUIRE(q != nullptr);
  BOOST_TEST(q->reason == "上升趋势得到有效控制: no measurable target");
  BOOST_TEST(q->subject->name == "overweight_rate");
}

BOOST_AUTO_TEST_CASE(rule_options_and_metadata) {
  const auto r = parse_text(
      "rule 7: x_2025 <= 2.8‰ {aspirational, tolerance: 0.05‰, missing: carry_forward, note: \"低于 read as "
      "exclusive\", phrase: \"控制在2.8‰以下\"}");
  const auto& rule = only_rule(r);
  BOOST_TEST(rule.number.value() == 7);
  BOOST_TEST(rule.options.aspirational);
  BOOST_TEST(rule.options.tol->amount.unit == "‰");
  BOOST_TEST(!rule.options.tol->relative);
  BOOST_TEST((rule.options.missing.value() == ast::missing_policy::carry_forward));
  BOOST_TEST_REQUIRE(rule.options.metadata.size() == 2u);
  BOOST_TEST(rule.options.metadata[0].first == "note");
  BOOST_TEST(rule.options.metadata[1].second == "控制在2.8‰以下");
  const auto relative = parse_text("x_2025 >= 90% {tolerance: 5% relative}");
  BOOST_TEST(only_rule(relative).options.tol->relative);
}

BOOST_AUTO_TEST_CASE(full_file_structure) {
  const std::string text = R"(# header comment
plan xigang "西岗区儿童发展规划"
  en "Xigang plan"
  region "大连市西岗区"
  level county
  period 2021..2030
  baseline 2020
  parent dalian

include "catalogue.rules"

indicator infant_mortality "婴儿死亡率"
  alias "婴儿死亡率（‰）", "IMR"
  en "Infant mortality rate"
  unit ‰
  better lower
  definition "每千名活产儿中未满1岁死亡数"
  denominator live_births

area health "儿童与健康"
  en "Children and health"

goal 3 "新生儿、婴儿和5岁以下儿童死亡率到2025年分别控制在2.8‰、3‰和4‰以下。"
  neonatal_mortality_2025 <= 2.8‰  # trailing comment
  infant_mortality_2025 <= 3‰

goal 12 "儿童超重、肥胖上升趋势得到有效控制。"
  qualitative "上升趋势得到有效控制"

measure 2 "每千名儿童拥有儿科执业（助理）医生达1.12名。"
  paediatricians_per_1000_children >= 1.12名/千名儿童

area 安全 "儿童与安全"

goal 1 "儿童伤害死亡率以2020年数据为基数下降20%。"
  injury_mortality_2030 <= 0.8 * injury_mortality_2020
)";
  const auto r = parse_text(text);
  BOOST_TEST_REQUIRE(r.ok(), render(r.diagnostics));
  const auto& f = r.file;
  BOOST_TEST_REQUIRE(f.plan.has_value());
  BOOST_TEST(f.plan->id == "xigang");
  BOOST_TEST(f.plan->name == "西岗区儿童发展规划");
  BOOST_TEST(f.plan->english == "Xigang plan");
  BOOST_TEST((f.plan->level.value() == ast::region_level::county));
  BOOST_TEST(f.plan->period->first == 2021);
  BOOST_TEST(f.plan->baseline.value() == 2020);
  BOOST_TEST(f.plan->parent == "dalian");
  BOOST_TEST(f.plan->remarks.before.size() == 1u);
  BOOST_TEST_REQUIRE(f.includes.size() == 1u);
  BOOST_TEST(f.includes[0].path == "catalogue.rules");
  BOOST_TEST_REQUIRE(f.indicators.size() == 1u);
  const auto& indicator = f.indicators[0];
  BOOST_TEST(indicator.aliases.size() == 2u);
  BOOST_TEST(indicator.unit == "‰");
  BOOST_TEST((indicator.better == ast::better_direction::lower));
  BOOST_TEST(indicator.denominator == "live_births");
  BOOST_TEST_REQUIRE(f.areas.size() == 2u);
  BOOST_TEST((f.areas[0].key == ast::area_key::health));
  BOOST_TEST((f.areas[1].key == ast::area_key::safety));
  BOOST_TEST_REQUIRE(f.areas[0].goals.size() == 3u);
  const auto& goal = f.areas[0].goals[0];
  BOOST_TEST(goal.number == 3);
  BOOST_TEST(goal.rules.size() == 2u);
  BOOST_TEST(goal.rules[0].notes.after == "trailing comment");
  BOOST_TEST((f.areas[0].goals[2].tier == ast::goal_tier::measure));
}

BOOST_AUTO_TEST_CASE(comments_blank_lines_crlf_and_bom) {
  const auto r = parse_text("\xEF\xBB\xBF# a comment\r\n\r\nx_2030 < 3%  # why\r\n# trailing\r\n");
  const auto& rule = only_rule(r);
  BOOST_TEST(rule.notes.after == "why");
  BOOST_TEST_REQUIRE(rule.notes.before.size() == 2u);
  BOOST_TEST(rule.notes.before[0].value() == "a comment");
  BOOST_TEST(!rule.notes.before[1].has_value()); // the blank line
  BOOST_TEST(r.file.trailing_comments.size() == 1u);
}

BOOST_AUTO_TEST_CASE(keyword_named_indicator_needs_a_label) {
  const auto r = parse_text("rule: unit < 3");
  BOOST_TEST(reference_of(comparison_of(only_rule(r)).lhs).name == "unit");
  const auto prefixed = parse_text("unit_2030 < 3");
  BOOST_TEST(reference_of(comparison_of(only_rule(prefixed)).lhs).name == "unit");
}

BOOST_AUTO_TEST_CASE(full_width_input_is_normalised_outside_strings) {
  const auto wide = parse_text("ｘ＿２０３０ ＜ ２.８‰　｛note: \"（全角）\"｝");
  const auto narrow = parse_text("x_2030 < 2.8‰ {note: \"（全角）\"}");
  BOOST_TEST((only_rule(wide) == only_rule(narrow)));
  // The string keeps its full-width parentheses: NFKC applies outside strings only.
  BOOST_TEST(only_rule(wide).options.metadata[0].second == "（全角）");
  const auto percent = parse_text("ｘ＿２０３０ ＜ ２.８％");
  BOOST_TEST(quantity_of(comparison_of(only_rule(percent)).rhs).unit == "%");
}

BOOST_AUTO_TEST_SUITE_END()
