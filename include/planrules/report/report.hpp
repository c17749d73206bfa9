#ifndef PLANRULES_REPORT_REPORT_HPP
#define PLANRULES_REPORT_REPORT_HPP

// Reports of an evaluation (SPEC §6): a terminal table aligned under CJK text,
// JSON with a stable documented schema (docs/json.md), long CSV (one row per
// rule × region), and a self-contained HTML page with progress charts.

#include <planrules/evaluate.hpp>
#include <planrules/label_language.hpp>

#include <string>
#include <vector>

namespace planrules {

enum class report_format : unsigned char { text, json, csv, html };

/// "text", "json", "csv", "html"; and back (false when unknown).
PLANRULES_DECL std::string_view to_string(report_format f) noexcept;
PLANRULES_DECL bool report_format_from_name(std::string_view name, report_format& out) noexcept;

struct report_options {
  label_language language = label_language::zh; ///< Chinese labels by default
  bool explanations = true; ///< the values, target, gap and projection behind each verdict
  bool color = false;       ///< ANSI colours in the terminal table
  std::string title;        ///< defaults to the plan's name
  bool trend_charts = true; ///< HTML: a line chart for every indicator × region with two or more values
  bool pretty = true;       ///< JSON: indented
};

/// The evaluation in one of the four formats. Never throws; an empty string
/// means memory ran out.
PLANRULES_DECL std::string render_report(const evaluation& result, report_format format,
                                         const report_options& options = {});

PLANRULES_DECL std::string render_text(const evaluation& result, const report_options& options = {});
PLANRULES_DECL std::string render_json(const evaluation& result, const report_options& options = {});
PLANRULES_DECL std::string render_csv(const evaluation& result, const report_options& options = {});
PLANRULES_DECL std::string render_html(const evaluation& result, const report_options& options = {});

/// One outcome's explanation as a JSON object: rule, region, status and the
/// "explanation" object of the evaluation schema (docs/json.md).
PLANRULES_DECL std::string explanation_to_json(const evaluation& result, const outcome& o, bool pretty = true);

/// What changed between two evaluations, as a table (text, or an HTML page), JSON or CSV.
PLANRULES_DECL std::string render_changes(const std::vector<outcome_change>& changes, report_format format,
                                          const report_options& options = {});

} // namespace planrules

namespace planrules::progress {

/// 已实现, 进展顺利, 需加快, 进展有限, 背离目标, 数据不足, 无法评估 (next to `to_string`, found by ADL).
PLANRULES_DECL std::string_view chinese_name(progress_class c) noexcept;

} // namespace planrules::progress

#endif
