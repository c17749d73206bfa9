#ifndef PLANRULES_IMPL_PROGRAM_IPP
#define PLANRULES_IMPL_PROGRAM_IPP

#include <planrules/measurements.hpp>
#include <planrules/program.hpp>

namespace planrules {

namespace detail::compiling {

using kind = checked_expression::kind;

class compiler {
public:
  explicit compiler(compiled_rule& out) : out_(out) {}

  // Postfix code for an expression; false (with `unsupported` set) for shapes
  // the evaluator has no instruction for.
  bool emit(const checked_expression& e, std::vector<instruction>& code) {
    switch (e.what) {
    case kind::constant: code.push_back({instruction::op::constant, e.constant, 0}); break;
    case kind::value: {
      auto slice = slice_text(e.filters);
      if (!slice) return false;
      compiled_reference ref{e.indicator, std::move(*slice), e.year};
      std::uint32_t index = 0;
      while (index < out_.references.size() && !same(out_.references[index], ref)) ++index;
      if (index == out_.references.size()) out_.references.push_back(std::move(ref));
      code.push_back({instruction::op::value, 0, index});
      break;
    }
    case kind::change:
    case kind::growth:
      out_.unsupported = "change() and annual_growth() can only stand alone on one side of a rule";
      return false;
    case kind::negate:
      if (!emit(e.operands[0], code)) return false;
      code.push_back({instruction::op::negate, 0, 0});
      break;
    default: {
      if (!emit(e.operands[0], code) || !emit(e.operands[1], code)) return false;
      const auto op = e.what == kind::add        ? instruction::op::add
                      : e.what == kind::subtract ? instruction::op::subtract
                      : e.what == kind::multiply ? instruction::op::multiply
                                                 : instruction::op::divide;
      code.push_back({op, 0, 0});
    }
    }
    if (e.scale != 1) code.push_back({instruction::op::scale, e.scale, 0});
    return true;
  }

  std::optional<std::string> slice_text(const std::vector<ast::filter>& filters) {
    std::string text;
    for (const auto& f : filters) {
      if (f.key == "region") {
        out_.region = f.value;
        continue;
      }
      if (!text.empty()) text += ",";
      text += f.key + "=" + f.value;
    }
    auto canonical = canonical_slice(text);
    if (!canonical) {
      out_.unsupported = "invalid disaggregation: " + canonical.error();
      return std::nullopt;
    }
    return std::move(*canonical);
  }

private:
  static bool same(const compiled_reference& a, const compiled_reference& b) {
    return a.indicator == b.indicator && a.slice == b.slice && a.year == b.year;
  }
  compiled_rule& out_;
};

} // namespace detail::compiling

PLANRULES_DECL expected<program, error> compile(checked_plan plan) {
  try {
    std::vector<compiled_rule> rules;
    rules.reserve(plan.rules.size());
    const auto& header = plan.header;
    for (std::size_t i = 0; i < plan.rules.size(); ++i) {
      const auto& rule = plan.rules[i];
      compiled_rule out;
      out.rule = i;
      out.kind = rule.kind;
      out.aspirational = rule.strength == rule_strength::aspirational;
      out.indicator = rule.indicator;
      out.op = rule.op;
      out.target = rule.target;
      out.direction = rule.direction;
      out.span = rule.span;
      out.baseline_year = rule.baseline_year;
      out.baseline_factor = rule.baseline_factor.value_or(1.0);
      out.tolerance = rule.tolerance.value_or(0.0);
      out.relative_tolerance = rule.relative_tolerance.value_or(0.0);
      out.missing = rule.missing;
      out.low_inclusive = rule.low_inclusive;
      out.high_inclusive = rule.high_inclusive;
      if (rule.low) out.low = rule.low->constant;
      if (rule.high) out.high = rule.high->constant;
      if (!rule.region_scopes.empty()) out.quantifier = rule.region_scopes.front();
      if (rule.region_scopes.size() > 1)
        out.unsupported = "only one quantifier over sub-regions is evaluated per rule";
      out.deadline = rule.year.value_or(rule.span ? rule.span->last : header.period ? header.period->last : 0);
      if (rule.indicator != catalogue::npos) out.better = plan.catalogue[rule.indicator].better;
      if (out.better == ast::better_direction::unspecified) {
        if (rule.op == ast::compare_op::less || rule.op == ast::compare_op::less_equal) out.better = ast::better_direction::lower;
        if (rule.op == ast::compare_op::greater || rule.op == ast::compare_op::greater_equal) out.better = ast::better_direction::higher;
        if (rule.direction == ast::trend_direction::decreasing || rule.direction == ast::trend_direction::non_increasing)
          out.better = ast::better_direction::lower;
        if (rule.direction == ast::trend_direction::increasing || rule.direction == ast::trend_direction::non_decreasing)
          out.better = ast::better_direction::higher;
      }
      detail::compiling::compiler c(out);
      if (rule.kind != rule_kind::qualitative) {
        if (auto slice = c.slice_text(rule.filters)) out.slice = std::move(*slice);
        if (rule.low) {
          if ((rule.low->what != checked_expression::kind::constant || rule.high->what != checked_expression::kind::constant) &&
              out.unsupported.empty())
            out.unsupported = "interval ends must be constants";
        }
        if (rule.kind == rule_kind::general && out.unsupported.empty()) {
          if (c.emit(rule.lhs, out.lhs) && rule.rhs) c.emit(*rule.rhs, out.rhs);
        }
      }
      rules.push_back(std::move(out));
    }
    program p;
    p.plan_ = std::make_shared<const checked_plan>(std::move(plan));
    p.rules_ = std::make_shared<const std::vector<compiled_rule>>(std::move(rules));
    return p;
  } catch (const std::exception& e) {
    return fail(errc::internal, std::string("compile failed: ") + e.what());
  }
}

} // namespace planrules

#endif
