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
  // One table lookup per byte (find_first_of calls memchr once per byte of the field).
  static constexpr auto special = [] {
    std::array<bool, 256> table{};
    for (const unsigned char c : {',', '"', '\r', '\n'}) table[c] = true;
    return table;
  }();
  bool quote = !field.empty() && (field.front() == ' ' || field.back() == ' ');
  for (std::size_t i = 0; i < field.size() && !quote; ++i) quote = special[static_cast<unsigned char>(field[i])];
  if (!quote) {
    out += field;
    return;
  }
  out += '"';
  for (std::size_t from = 0;;) {
    const auto at = field.find('"', from);
    if (at == std::string_view::npos) {
      out += field.substr(from);
      break;
    }
    out += field.substr(from, at + 1 - from);
    out += '"';
    from = at + 1;
  }
  out += '"';
}

/// The stable column names, in order (docs/json.md describes them with the JSON fields).
inline constexpr std::array<std::string_view, 27> csv_columns{
    "rule_id", "area",     "goal",     "tier",    "indicator", "region",           "status",
    "aspirational", "year", "actual",  "target",  "gap",       "unit",             "progress",
    "projected", "required_per_year", "early", "volatile", "derived", "bound_only", "rule",
    "source", "indicator_name", "region_path", "deadline", "target_text", "status_label"};

/// Appends `,` and the shortest form of `v` when valid (numbers never need quoting).
inline void csv_number(std::string& out, bool valid, double v) {
  out += ',';
  if (!valid || !std::isfinite(v)) return;
  char buffer[32];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr);
}

inline std::string csv_report(const evaluation& result, label_language l) {
  const auto& plan = result.program().plan();
  const auto& compiled = result.program().rules();
  const auto& regions = result.data().regions();
  std::string out;
  for (std::size_t i = 0; i < csv_columns.size(); ++i) csv_field(out, csv_columns[i], i == 0);
  out += "\r\n";

  // Cells that depend only on the rule, or only on the region, are escaped once and
  // copied into each of its rows: a report has a row per rule × region.
  struct rule_cells {
    bool ready = false;
    std::string head; ///< rule_id … indicator
    std::string unit; ///< ,unit
    std::string text; ///< ,rule,source,indicator_name
    std::string tail; ///< ,deadline,target_text
  };
  struct region_cells {
    bool ready = false;
    std::string name, path; ///< ,region and ,region_path
  };
  std::vector<rule_cells> rule_cache(std::min(plan.rules.size(), compiled.size()));
  std::vector<region_cells> region_cache(regions.size());
  const region_cells unknown_region{true, ",", ","};
  std::array<std::string, 7> labels; // ,status_label by status
  for (std::size_t s = 0; s < labels.size(); ++s) csv_field(labels[s], status_label(static_cast<status>(s), l), false);
  auto flag = [](bool b) { return std::string_view(b ? "true" : "false"); };

  // Outcome order: rule order, then region order. Once some rows are written, the
  // whole report is reserved from their size: growing a report of hundreds of
  // megabytes by doubling costs more in copies and page faults than writing it.
  constexpr std::size_t sample_rows = 1024;
  const std::size_t rows = result.outcomes().size();
  std::size_t written = 0;
  for (const auto& o : result.outcomes()) {
    if (o.rule >= rule_cache.size()) continue;
    if (++written == sample_rows && rows > sample_rows) out.reserve(out.size() / sample_rows * rows / 8 * 9);
    const auto& rule = plan.rules[o.rule];
    const auto& c = compiled[o.rule];
    auto& cells = rule_cache[o.rule];
    if (!cells.ready) {
      const indicator_info* indicator =
          rule.indicator != catalogue::npos && rule.indicator < plan.catalogue.size() ? &plan.catalogue[rule.indicator] : nullptr;
      csv_field(cells.head, rule.id, true);
      csv_field(cells.head, rule.area ? ast::to_string(*rule.area) : std::string_view(), false);
      csv_field(cells.head, std::to_string(rule.goal), false);
      csv_field(cells.head, ast::to_string(rule.tier), false);
      csv_field(cells.head, indicator ? std::string_view(indicator->id) : std::string_view(), false);
      csv_field(cells.unit, unit_code(style_of(rule, c, plan.catalogue)), false);
      csv_field(cells.text, rule.text, false);
      csv_field(cells.text, rule.source, false);
      csv_field(cells.text, indicator ? std::string_view(indicator->name) : std::string_view(), false);
      csv_field(cells.tail, c.deadline && rule.kind != rule_kind::qualitative ? std::to_string(c.deadline) : std::string(), false);
      csv_field(cells.tail, rule.target_text, false);
      cells.ready = true;
    }
    const region_cells* place = &unknown_region;
    if (o.region < regions.size()) {
      auto& r = region_cache[o.region];
      if (!r.ready) {
        csv_field(r.name, regions[o.region].name, false);
        csv_field(r.path, regions.path(o.region), false);
        r.ready = true;
      }
      place = &r;
    }
    out += cells.head;
    out += place->name;
    csv_field(out, to_string(o.status), false);
    csv_field(out, flag(o.is(outcome::aspirational)), false);
    out += ',';
    if (o.year) {
      char year[8];
      out.append(year, std::to_chars(year, year + sizeof year, o.year).ptr);
    }
    csv_number(out, o.year != 0, o.actual);
    csv_number(out, o.is(outcome::has_target), o.target);
    csv_number(out, o.year != 0 && o.is(outcome::has_target), o.actual - o.target);
    out += cells.unit;
    csv_field(out, shows_progress(o, c) ? planrules::progress::to_string(o.progress) : std::string_view(), false);
    csv_number(out, o.is(outcome::has_projection), o.projected);
    csv_number(out, o.is(outcome::has_required), o.required);
    csv_field(out, flag(o.is(outcome::early)), false);
    csv_field(out, flag(o.is(outcome::volatile_series)), false);
    csv_field(out, flag(o.is(outcome::derived)), false);
    csv_field(out, flag(o.is(outcome::bound_only)), false);
    out += cells.text;
    out += place->path;
    out += cells.tail;
    out += labels[static_cast<std::size_t>(o.status)];
    out += "\r\n";
  }
  return out;
}

} // namespace detail::reporting

PLANRULES_DECL std::string render_csv(const evaluation& result, const report_options& options) {
  try {
    // The CSV carries no explanations: one flat row per outcome, in outcome order.
    return detail::reporting::csv_report(result, options.language);
  } catch (...) {
    return {};
  }
}

} // namespace planrules

#endif
