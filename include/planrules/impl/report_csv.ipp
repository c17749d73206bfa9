#ifndef PLANRULES_IMPL_REPORT_CSV_IPP
#define PLANRULES_IMPL_REPORT_CSV_IPP

// The evaluation as long CSV: one row per rule × region, RFC 4180 (CRLF line
// ends, fields with a comma, quote or line break quoted, quotes doubled), a
// header of stable column names, numbers in their shortest round-trip form
// whatever the locale, empty fields for missing numbers.

#include <planrules/impl/report_common.ipp>

namespace planrules {

namespace detail::reporting {

/// Appends one field, quoted when it must be; `first` leaves out the separating comma.
inline void csv_field(std::string& out, std::string_view field, bool first) {
  if (!first) out += ',';
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) {
    out += field;
    return;
  }
  out += '"';
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

/// The stable column names, in order (docs/json.md describes them with the JSON fields).
inline constexpr std::array<std::string_view, 27> csv_columns{
    "rule_id", "area",     "goal",     "tier",    "indicator", "region",           "status",
    "aspirational", "year", "actual",  "target",  "gap",       "unit",             "progress",
    "projected", "required_per_year", "early", "volatile", "derived", "bound_only", "rule",
    "source", "indicator_name", "region_path", "deadline", "target_text", "status_label"};

inline std::string csv_report(const model& m) {
  const auto& result = *m.result;
  const auto l = m.lang();
  std::string out;
  for (std::size_t i = 0; i < csv_columns.size(); ++i) csv_field(out, csv_columns[i], i == 0);
  out += "\r\n";

  std::vector<const row*> rows;
  for (const auto& group : m.areas) {
    for (const auto& r : group.rows) rows.push_back(&r);
    for (const auto& r : group.qualitative) rows.push_back(&r);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const row* a, const row* b) { return a->o < b->o; });
  auto number = [](bool valid, double v) { return valid ? shortest(v) : std::string(); };
  auto flag = [](bool b) { return std::string_view(b ? "true" : "false"); };
  for (const auto* r : rows) {
    const auto& o = *r->o;
    const auto& rule = *r->rule;
    csv_field(out, rule.id, true);
    csv_field(out, rule.area ? ast::to_string(*rule.area) : std::string_view(), false);
    csv_field(out, std::to_string(rule.goal), false);
    csv_field(out, ast::to_string(rule.tier), false);
    csv_field(out, r->indicator ? std::string_view(r->indicator->id) : std::string_view(), false);
    csv_field(out, m.region_name(o.region), false);
    csv_field(out, to_string(o.status), false);
    csv_field(out, flag(o.is(outcome::aspirational)), false);
    csv_field(out, o.year ? std::to_string(o.year) : std::string(), false);
    csv_field(out, number(o.year != 0, o.actual), false);
    csv_field(out, number(o.is(outcome::has_target), o.target), false);
    csv_field(out, number(o.year != 0 && o.is(outcome::has_target), o.actual - o.target), false);
    csv_field(out, unit_code(r->style), false);
    csv_field(out, shows_progress(o, *r->compiled) ? planrules::progress::to_string(o.progress) : std::string_view(), false);
    csv_field(out, number(o.is(outcome::has_projection), o.projected), false);
    csv_field(out, number(o.is(outcome::has_required), o.required), false);
    csv_field(out, flag(o.is(outcome::early)), false);
    csv_field(out, flag(o.is(outcome::volatile_series)), false);
    csv_field(out, flag(o.is(outcome::derived)), false);
    csv_field(out, flag(o.is(outcome::bound_only)), false);
    csv_field(out, rule.text, false);
    csv_field(out, rule.source, false);
    csv_field(out, r->indicator ? std::string_view(r->indicator->name) : std::string_view(), false);
    csv_field(out, o.region < result.data().regions().size() ? result.data().regions().path(o.region) : std::string(), false);
    csv_field(out, r->compiled->deadline && rule.kind != rule_kind::qualitative ? std::to_string(r->compiled->deadline) : std::string(), false);
    csv_field(out, rule.target_text, false);
    csv_field(out, status_label(o.status, l), false);
    out += "\r\n";
  }
  return out;
}

} // namespace detail::reporting

PLANRULES_DECL std::string render_csv(const evaluation& result, const report_options& options) {
  try {
    // The CSV carries no explanations: one flat row per outcome.
    const auto m = detail::reporting::build(result, options, false, false);
    return detail::reporting::csv_report(m);
  } catch (...) {
    return {};
  }
}

} // namespace planrules

#endif
