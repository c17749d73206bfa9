#ifndef PLANRULES_IMPL_REPORT_IPP
#define PLANRULES_IMPL_REPORT_IPP

// Format names, the dispatch of render_report, and the report of what changed
// between two evaluations. The formats themselves: report_text.ipp,
// report_json.ipp, report_csv.ipp, report_html.ipp.

#include <planrules/detail/json_writer.hpp>
#include <planrules/impl/report_common.ipp>
#include <planrules/impl/report_csv.ipp>
#include <planrules/impl/report_html.ipp>
#include <planrules/impl/report_json.ipp>
#include <planrules/impl/report_text.ipp>

namespace planrules {

PLANRULES_DECL std::string_view to_string(report_format f) noexcept {
  switch (f) {
  case report_format::text: return "text";
  case report_format::json: return "json";
  case report_format::csv: return "csv";
  case report_format::html: return "html";
  }
  return "text";
}

PLANRULES_DECL bool report_format_from_name(std::string_view name, report_format& out) noexcept {
  for (const auto f : {report_format::text, report_format::json, report_format::csv, report_format::html})
    if (to_string(f) == name) {
      out = f;
      return true;
    }
  return false;
}

PLANRULES_DECL std::string render_report(const evaluation& result, report_format format, const report_options& options) {
  switch (format) {
  case report_format::text: return render_text(result, options);
  case report_format::json: return render_json(result, options);
  case report_format::csv: return render_csv(result, options);
  case report_format::html: return render_html(result, options);
  }
  return {};
}

namespace progress {

PLANRULES_DECL std::string_view chinese_name(progress_class c) noexcept {
  switch (c) {
  case progress_class::achieved: return "已实现";
  case progress_class::on_track: return "进展顺利";
  case progress_class::needs_acceleration: return "需加快";
  case progress_class::limited_progress: return "进展有限";
  case progress_class::moving_away: return "背离目标";
  case progress_class::insufficient_data: return "数据不足";
  case progress_class::not_assessable: return "无法评估";
  }
  return "无法评估";
}

} // namespace progress

namespace detail::reporting {

inline std::string change_status(const std::optional<status>& s, label_language l, bool before) {
  if (!s) return std::string(word(before ? term::added : term::removed, l));
  return status_label(*s, l);
}

inline std::string changes_text(const std::vector<outcome_change>& changes, const report_options& options) {
  const auto l = options.language;
  std::string out = std::string(word(term::changes_title, l)) + "\n";
  if (changes.empty()) return out + std::string(word(term::no_changes, l)) + "\n";
  text_table table({{std::string(word(term::id, l)), false},
                    {std::string(word(term::region, l)), false},
                    {std::string(word(term::before, l)), false},
                    {std::string(word(term::after, l)), false},
                    {std::string(word(term::value_before, l)), true},
                    {std::string(word(term::value_after, l)), true}});
  for (const auto& c : changes) {
    std::vector<std::string> colors{"", "", c.before ? ansi_status(*c.before) : "", c.after ? ansi_status(*c.after) : "", "", ""};
    table.add({c.rule_id, c.region, change_status(c.before, l, true), change_status(c.after, l, false),
               c.actual_before ? display(*c.actual_before) : "—", c.actual_after ? display(*c.actual_after) : "—"},
              {}, std::move(colors));
  }
  table.render(out, options.color);
  return out;
}

inline std::string changes_json(const std::vector<outcome_change>& changes, const report_options& options) {
  json_writer w(options.pretty);
  w.begin_object();
  w.member("schema", "planrules.changes/1");
  w.member("count", changes.size());
  w.key("changes").begin_array();
  for (const auto& c : changes) {
    w.begin_object();
    w.member("rule", c.rule_id);
    w.member("region", c.region);
    w.key("before");
    if (c.before) w.value(to_string(*c.before));
    else w.null();
    w.key("after");
    if (c.after) w.value(to_string(*c.after));
    else w.null();
    w.member("actual_before", c.actual_before);
    w.member("actual_after", c.actual_after);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

inline std::string changes_csv(const std::vector<outcome_change>& changes) {
  std::string out = "rule_id,region,before,after,actual_before,actual_after\r\n";
  for (const auto& c : changes) {
    csv_field(out, c.rule_id, true);
    csv_field(out, c.region, false);
    csv_field(out, c.before ? to_string(*c.before) : std::string_view(), false);
    csv_field(out, c.after ? to_string(*c.after) : std::string_view(), false);
    csv_field(out, c.actual_before ? shortest(*c.actual_before) : std::string(), false);
    csv_field(out, c.actual_after ? shortest(*c.actual_after) : std::string(), false);
    out += "\r\n";
  }
  return out;
}

inline std::string changes_html(const std::vector<outcome_change>& changes, const report_options& options) {
  const auto l = options.language;
  const std::string title = options.title.empty() ? std::string(word(term::changes_title, l)) : options.title;
  std::string out;
  html_head(out, title, l);
  out += "<main>\n<h1>" + html_escape(title) + "</h1>\n";
  if (changes.empty()) {
    out += "<p>" + html_escape(word(term::no_changes, l)) + "</p>\n";
  } else {
    out += "<table class=\"rules\">\n<thead><tr>";
    for (const auto t : {term::id, term::region, term::before, term::after, term::value_before, term::value_after})
      out += "<th>" + html_escape(word(t, l)) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& c : changes) {
      out += "<tr><td class=\"id\">" + html_escape(c.rule_id) + "</td><td>" + html_escape(c.region) + "</td>";
      out += "<td>" + status_badge(c.before, l, true) + "</td><td>" + status_badge(c.after, l, false) + "</td>";
      out += "<td class=\"num\">" + html_escape(c.actual_before ? display(*c.actual_before) : "—") + "</td>";
      out += "<td class=\"num\">" + html_escape(c.actual_after ? display(*c.actual_after) : "—") + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

} // namespace detail::reporting

PLANRULES_DECL std::string render_changes(const std::vector<outcome_change>& changes, report_format format,
                                          const report_options& options) {
  try {
    switch (format) {
    case report_format::text: return detail::reporting::changes_text(changes, options);
    case report_format::json: return detail::reporting::changes_json(changes, options);
    case report_format::csv: return detail::reporting::changes_csv(changes);
    case report_format::html: return detail::reporting::changes_html(changes, options);
    }
  } catch (...) {
  }
  return {};
}

} // namespace planrules

#endif
