#ifndef PLANRULES_COMPARE_HPP
#define PLANRULES_COMPARE_HPP

// Testing a plan against its parent plan (SPEC §7): is every parent target
// covered, is each child target at least as strict, do the deadlines align.
// Findings are diagnostics with PR7xxx codes; the side-by-side table is
// printed as text, JSON ("planrules.compare/1") or HTML (docs/testing-plans.md).

#include <planrules/check.hpp>
#include <planrules/label_language.hpp>
#include <planrules/checked_plan.hpp>
#include <planrules/diagnostics.hpp>
#include <planrules/error.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planrules {

/// How a child's rules stand against one parent rule.
enum class compare_verdict : unsigned char {
  stricter,       ///< the child requires more, or the same earlier
  equal,          ///< the child requires exactly the parent's target
  looser,         ///< the child allows values the parent rules out
  missing,        ///< the child has no rule on the parent's indicator
  deadline_later, ///< the child reaches the parent's value only after the parent's deadline
  child_only,     ///< a child rule with no parent rule on that indicator and year
  qualitative,    ///< the child states a measurable parent target only qualitatively
  not_comparable, ///< the rules have shapes that cannot be set against each other
};

/// Labels for reports: Chinese (default) or English.

/// One line of the side-by-side table.
struct compare_row {
  std::string indicator;      ///< the indicator's id (the child's, or the parent's when the child lacks it)
  std::string indicator_name; ///< its Chinese name
  std::string slice;          ///< disaggregation and region quantifier, "" for the region total
  std::optional<std::size_t> parent_rule; ///< index into the parent plan's rules
  std::vector<std::size_t> child_rules;   ///< indices into the child plan's rules the verdict rests on
  std::string parent_id;                  ///< the parent rule's id (health.1.2), "" for child-only rows
  std::vector<std::string> child_ids;     ///< the child rules' ids
  std::string parent_text;    ///< the parent rule in canonical form
  std::optional<int> parent_year;
  bool parent_aspirational = false; ///< the parent rule is 力争: a finding on it is a warning
  std::string child_text;     ///< the child rules, "; "-separated
  std::optional<int> child_year;
  compare_verdict verdict = compare_verdict::not_comparable;
  std::string note;    ///< why, in English
  std::string note_zh; ///< why, in Chinese
};

/// Parent indicators and whether the child has a rule for each.
struct compare_coverage {
  std::vector<std::string> parent_indicators; ///< ids with at least one parent rule, in parent order
  std::vector<std::string> covered;
  std::vector<std::string> missing;
};

/// The outcome of comparing a child plan with its parent.
struct compare_result {
  plan_info child;
  plan_info parent;
  std::vector<compare_row> rows;
  compare_coverage coverage;
  diagnostic_list diagnostics; ///< PR7xxx findings, one per row that is not stricter or equal
  bool ok() const noexcept { return !has_errors(diagnostics); } ///< no error-level finding
  PLANRULES_DECL std::size_t count(compare_verdict verdict) const noexcept;
};

/// Compares `child` with `parent` rule by rule. Bounds are converted into the
/// child indicator's unit; each parent target is set against what the child's
/// rules imply at the parent's deadline (every-year bounds, trends and
/// baseline-relative targets included). Never throws.
PLANRULES_DECL compare_result compare(const checked_plan& child, const checked_plan& parent);

/// Reads and checks both files, then compares them; the error carries every
/// check diagnostic when either file has errors.
PLANRULES_DECL expected<compare_result, error> compare_files(const std::string& child, const std::string& parent,
                                                           const load_options& load = {});

PLANRULES_DECL std::string_view to_string(compare_verdict verdict) noexcept; ///< "stricter", "deadline_later", …
/// The verdict's label: 更严, 相同, 更宽松, 缺失, 期限更晚, 仅本级, 仅定性, 不可比 (or English words).
PLANRULES_DECL std::string_view verdict_label(compare_verdict verdict, label_language language) noexcept;

/// The table for a terminal, columns padded by display width so they line up
/// under Chinese text; cells wider than the terminal allows are wrapped.
PLANRULES_DECL std::string compare_to_text(const compare_result& result, label_language language = label_language::zh,
                                           std::size_t width = 160);

/// The comparison as JSON ("planrules.compare/1").
PLANRULES_DECL std::string compare_to_json(const compare_result& result, bool pretty = true);

/// A self-contained HTML page with the table: no scripts, no network.
PLANRULES_DECL std::string compare_to_html(const compare_result& result, label_language language = label_language::zh);

} // namespace planrules

#endif
