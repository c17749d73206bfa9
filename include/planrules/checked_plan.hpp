#ifndef PLANRULES_CHECKED_PLAN_HPP
#define PLANRULES_CHECKED_PLAN_HPP

// A plan after checking: every name resolved to a catalogue indicator, every
// quantity converted into the unit it is compared in, every year filled in,
// every rule classified. This is what compile, lint, compare and the reports read.

#include <planrules/ast.hpp>
#include <planrules/catalogue.hpp>
#include <planrules/units.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace planrules {

/// What a rule says, in the words of the plans (SPEC §2).
enum class rule_kind : unsigned char {
  bound,             ///< value at a year within a bound (到2025年控制在2.8‰以下)
  every_year_bound,  ///< bound in every monitored year (保持在90%以上)
  baseline_relative, ///< value against a multiple of an earlier value (以2020年为基数下降20%)
  trend,             ///< monotone over the monitored years (持续下降)
  yearly_change,     ///< year-over-year change within bounds (每年下降0.5~1个百分点)
  growth,            ///< compound annual growth over a span (年均提高6%以上)
  qualitative,       ///< nothing to measure (得到有效控制, 更加完善)
  general,           ///< any other arithmetic comparison
};

enum class rule_strength : unsigned char { binding, aspirational };

/// An expression with names resolved and units settled; every node's value is in `unit`.
struct checked_expression {
  enum class kind : unsigned char { constant, value, change, growth, add, subtract, multiply, divide, negate };
  kind what = kind::constant;
  double constant = 0;                          ///< constant: the value in `unit`
  catalogue::index indicator = catalogue::npos; ///< value, change, growth
  std::optional<int> year;                      ///< value: a fixed year; none = the year being evaluated
  std::optional<ast::year_range> years;         ///< growth: the span
  std::vector<ast::filter> filters;             ///< value, change, growth: the disaggregation
  double scale = 1;  ///< the node's computed value times `scale` is in `unit` (unit conversion)
  planrules::unit unit;
  std::vector<checked_expression> operands;
  source_range where;
};

struct checked_rule {
  std::string id; ///< health.3.2; measures health.m2.1; rules outside goals 1, 2, …
  std::optional<ast::area_key> area;
  ast::goal_tier tier = ast::goal_tier::main;
  int goal = 0;   ///< goal or measure number; 0 outside goals
  int number = 0; ///< n in area.goal.n
  std::size_t goal_index = static_cast<std::size_t>(-1); ///< into checked_plan::goals
  rule_kind kind = rule_kind::general;
  rule_strength strength = rule_strength::binding;

  catalogue::index indicator = catalogue::npos; ///< the indicator the rule is about
  std::vector<catalogue::index> indicators;     ///< every indicator it reads
  std::vector<ast::filter> filters;             ///< disaggregation of the main reference

  // The test itself: lhs op rhs, or low ≤ lhs ≤ high for intervals, or a trend.
  checked_expression lhs;
  ast::compare_op op = ast::compare_op::less_equal;
  std::optional<checked_expression> rhs;
  std::optional<checked_expression> low, high;
  bool low_inclusive = true, high_inclusive = true;
  std::optional<ast::trend_direction> direction;

  // Years: a deadline for bounds, a span for every-year, trend and change rules.
  std::optional<int> year;             ///< the deadline (target year)
  bool year_implicit = false;          ///< the year came from the plan's end
  std::optional<ast::year_range> span; ///< every-year, trend, change, growth
  std::optional<int> baseline_year;    ///< baseline_relative
  std::optional<double> baseline_factor;

  // The target in plain terms, for reports: value in the indicator's unit and as written.
  std::optional<double> target;       ///< in the unit of the comparison (the indicator's)
  std::optional<double> written_value; ///< the number as written: 2.8 in "2.8‰"
  std::string target_text; ///< "2.8‰"
  std::string unit_text;   ///< "‰" as written in the rule

  std::vector<ast::scope> region_scopes; ///< every township, at least k of …
  std::optional<double> tolerance;       ///< absolute, in the unit of the comparison
  std::optional<double> relative_tolerance;
  ast::missing_policy missing = ast::missing_policy::no_data;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::string reason; ///< qualitative rules

  std::string text;   ///< the rule in canonical form
  std::string source; ///< the goal's source sentence (原文)
  source_location location;
};

struct checked_goal {
  std::optional<ast::area_key> area;
  std::string area_title;
  ast::goal_tier tier = ast::goal_tier::main;
  int number = 0;
  std::string source;
  std::string english;
  std::vector<std::string> notes;
  std::vector<std::size_t> rules; ///< into checked_plan::rules
  source_location location;
};

struct plan_info {
  std::string id;
  std::string name;
  std::string english;
  std::string region;
  std::optional<ast::region_level> level;
  std::optional<ast::year_range> period;
  std::optional<int> baseline;
  std::string parent;
  std::string path; ///< the file it was read from
};

/// A checked plan: immutable once built, safe to share between threads.
struct checked_plan {
  plan_info header;
  planrules::catalogue catalogue;
  std::vector<checked_goal> goals;
  std::vector<checked_rule> rules;

  /// The rule with this id, or nullptr.
  PLANRULES_DECL const checked_rule* find_rule(std::string_view id) const noexcept;
};

PLANRULES_DECL std::string_view to_string(rule_kind kind) noexcept;         ///< "bound", "every_year_bound", …
PLANRULES_DECL std::string_view to_string(rule_strength strength) noexcept; ///< "binding", "aspirational"

} // namespace planrules

#endif
