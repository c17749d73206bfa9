#ifndef PLANRULES_LINT_HPP
#define PLANRULES_LINT_HPP

// Testing a plan on its own (SPEC §7): rules that contradict each other, rules
// that add nothing, targets that loosen over time, duplicate goals, goals with
// no rule. Findings are diagnostics with PR6xxx codes (docs/testing-plans.md).

#include <planrules/check.hpp>
#include <planrules/checked_plan.hpp>
#include <planrules/diagnostics.hpp>

#include <string>
#include <vector>

namespace planrules {

/// Which findings lint reports.
struct lint_options {
  bool notes = true;          ///< include note-level findings (style hints)
  bool cross_checks = true;   ///< contradictions, redundancy, loosening (the interval reasoning)
  bool text_checks = true;    ///< phrases, deadlines named in the goal text, duplicate source sentences
};

/// A plan's check diagnostics (PR1xxx–PR3xxx) followed by its lint findings.
struct lint_result {
  checked_plan plan;
  diagnostic_list diagnostics;
  bool ok() const noexcept { return !has_errors(diagnostics); } ///< no error-level finding
  PLANRULES_DECL std::size_t count(severity level) const noexcept;
};

/// Lint findings (PR6xxx) about a checked plan, in the order of the rules they
/// point at. Rules that failed checking are not in `plan` and are not reasoned
/// about. Never throws.
PLANRULES_DECL diagnostic_list lint(const checked_plan& plan, const lint_options& options = {});

/// The check diagnostics of `checked` followed by lint findings; uses the syntax
/// tree to tell a goal with no rule from one whose rules failed checking.
PLANRULES_DECL lint_result lint(const plan_result& checked, const lint_options& options = {});

/// Reads, checks and lints a rules file. Never throws; an unreadable file is PR3001.
PLANRULES_DECL lint_result lint_file(const std::string& path, const load_options& load = {},
                                     const lint_options& options = {});

/// As lint_file, for text in memory; `path` names it in messages and anchors includes.
PLANRULES_DECL lint_result lint_text(std::string text, const std::string& path, const load_options& load = {},
                                     const lint_options& options = {});

/// Several files' lint results as JSON ("planrules.lint/1", docs/testing-plans.md).
PLANRULES_DECL std::string lint_results_to_json(const std::vector<const lint_result*>& results, bool pretty = true);

} // namespace planrules

#endif
