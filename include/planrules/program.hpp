#ifndef PLANRULES_PROGRAM_HPP
#define PLANRULES_PROGRAM_HPP

// A checked plan compiled for evaluation: each rule reduced to what evaluation
// needs (indicator, slice, years, bounds, tolerances, quantifier) and its
// arithmetic flattened into postfix code. Compile once, evaluate many times;
// a program is immutable and safe to share between threads.

#include <planrules/checked_plan.hpp>
#include <planrules/error.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace planrules {

/// One step of postfix code: push a value, or combine the top of the stack.
struct instruction {
  enum class op : unsigned char { constant, value, add, subtract, multiply, divide, negate, scale };
  op code = op::constant;
  double number = 0;           ///< constant value, or the factor of `scale`
  std::uint32_t reference = 0; ///< value: index into compiled_rule::references
};

/// A value a rule reads: an indicator in a slice, at a fixed year or at the year evaluated.
struct compiled_reference {
  catalogue::index indicator = catalogue::npos;
  std::string slice;       ///< canonical slice text; empty for the total
  std::optional<int> year; ///< none: the year being evaluated
};

struct compiled_rule {
  std::size_t rule = 0; ///< index into the plan's rules
  rule_kind kind = rule_kind::general;
  bool aspirational = false;
  catalogue::index indicator = catalogue::npos; ///< the indicator the rule is about
  std::string slice;                            ///< its canonical slice text
  ast::better_direction better = ast::better_direction::unspecified;
  ast::compare_op op = ast::compare_op::less_equal;
  std::optional<double> target; ///< bound, growth: the target in the compared unit
  std::optional<double> low, high;
  bool low_inclusive = true, high_inclusive = true;
  std::optional<ast::trend_direction> direction;
  int deadline = 0;                     ///< the year by which the rule binds
  std::optional<ast::year_range> span;  ///< every-year, trend, change and growth spans
  std::optional<int> baseline_year;
  double baseline_factor = 1;
  double tolerance = 0;          ///< absolute, in the compared unit
  double relative_tolerance = 0; ///< share of the target
  ast::missing_policy missing = ast::missing_policy::no_data;
  std::optional<ast::scope> quantifier; ///< every township / at least k of …
  std::vector<compiled_reference> references;
  std::vector<instruction> lhs; ///< general rules: the left side
  std::vector<instruction> rhs; ///< general rules: the right side
  std::string region;      ///< a [region=…] filter: the only region the rule applies to
  std::string unsupported; ///< why this rule cannot be evaluated (its outcomes are errors); empty when it can
};

/// The compiled form of a checked plan.
class program {
public:
  program() = default;

  const checked_plan& plan() const noexcept { return *plan_; }
  const std::vector<compiled_rule>& rules() const noexcept { return *rules_; }

private:
  friend PLANRULES_DECL expected<program, error> compile(checked_plan plan);
  std::shared_ptr<const checked_plan> plan_ = std::make_shared<const checked_plan>();
  std::shared_ptr<const std::vector<compiled_rule>> rules_ = std::make_shared<const std::vector<compiled_rule>>();
};

/// Compiles a checked plan. Fails only for rules the evaluator cannot run
/// (an invalid slice in a filter); qualitative rules compile to "not measurable".
PLANRULES_DECL expected<program, error> compile(checked_plan plan);

} // namespace planrules

#endif
