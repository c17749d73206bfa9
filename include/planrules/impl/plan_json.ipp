#ifndef PLANRULES_IMPL_PLAN_JSON_IPP
#define PLANRULES_IMPL_PLAN_JSON_IPP

#include <planrules/detail/json_writer.hpp>
#include <planrules/format.hpp>
#include <planrules/report/json.hpp>

namespace planrules {

namespace detail::json {

inline void write_location(json_writer& w, const source_location& loc) {
  w.begin_object();
  w.member("file", loc.file);
  w.member("line", loc.line);
  w.member("column", loc.column);
  w.end_object();
}

inline void write_diagnostic(json_writer& w, const diagnostic& d) {
  w.begin_object();
  w.member("code", code_id(d.code));
  w.member("number", static_cast<int>(d.code));
  w.member("name", code_name(d.code));
  w.member("severity", severity_name(d.level));
  w.member("message", d.message);
  w.key("location").begin_object();
  w.member("file", d.location.file);
  w.member("line", d.location.line);
  w.member("column", d.location.column);
  w.member("end_column", d.location.end_column);
  w.member("text", d.location.line_text);
  w.end_object();
  w.key("notes").begin_array();
  for (const auto& note : d.notes) w.value(note);
  w.end_array();
  w.end_object();
}

inline void write_year_range(json_writer& w, const std::optional<ast::year_range>& range) {
  if (!range) {
    w.null();
    return;
  }
  w.begin_object().member("first", range->first).member("last", range->last).end_object();
}

inline std::string_view area_name(const std::optional<ast::area_key>& area) {
  return area ? ast::to_string(*area) : std::string_view();
}

inline void write_scope(json_writer& w, const ast::scope& s) {
  w.begin_object();
  switch (s.what) {
  case ast::scope::kind::every_year: w.member("quantifier", "every_year"); break;
  case ast::scope::kind::every_region: w.member("quantifier", "every"); break;
  case ast::scope::kind::at_least: w.member("quantifier", "at_least"); break;
  }
  if (s.what != ast::scope::kind::every_year) w.member("level", ast::to_string(s.level));
  if (s.count) {
    w.member("count", s.count->value);
    w.member("share", s.count_is_share);
  }
  w.end_object();
}

} // namespace detail::json

PLANRULES_DECL std::string diagnostics_to_json(const diagnostic_list& diagnostics, bool pretty) {
  detail::json_writer w(pretty);
  w.begin_object();
  w.member("schema", "planrules.diagnostics/1");
  w.member("errors", error_count(diagnostics));
  w.key("diagnostics").begin_array();
  for (const auto& d : diagnostics) detail::json::write_diagnostic(w, d);
  w.end_array();
  w.end_object();
  return w.take();
}

namespace detail::json {

inline void write_plan(json_writer& w, const checked_plan& plan) {
  const auto& h = plan.header;
  const auto& cat = plan.catalogue;
  auto indicator_id = [&](catalogue::index i) { return i == catalogue::npos ? std::string() : cat[i].id; };

  w.key("plan").begin_object();
  w.member("id", h.id);
  w.member("name", h.name);
  w.member("english", h.english);
  w.member("region", h.region);
  w.key("level");
  if (h.level) w.value(ast::to_string(*h.level));
  else w.null();
  w.key("period");
  write_year_range(w, h.period);
  w.member("baseline", h.baseline);
  w.member("parent", h.parent);
  w.member("path", h.path);
  w.end_object();

  w.key("indicators").begin_array();
  for (const auto& info : cat.indicators()) {
    w.begin_object();
    w.member("id", info.id);
    w.member("name", info.name);
    w.key("aliases").begin_array();
    for (const auto& alias : info.aliases) w.value(alias);
    w.end_array();
    w.member("english", info.english);
    w.member("unit", info.unit.symbol);
    w.member("dimension", dimension_name(info.unit.dimension));
    w.member("better", ast::to_string(info.better));
    w.member("definition", info.definition);
    w.member("denominator", info.denominator);
    w.end_object();
  }
  w.end_array();

  w.key("goals").begin_array();
  for (const auto& goal : plan.goals) {
    w.begin_object();
    w.member("area", area_name(goal.area));
    w.member("area_title", goal.area_title);
    w.member("tier", ast::to_string(goal.tier));
    w.member("number", goal.number);
    w.member("source", goal.source);
    bool measurable = false;
    for (const auto i : goal.rules) measurable |= plan.rules[i].kind != rule_kind::qualitative;
    w.member("measurable", measurable);
    w.key("rules").begin_array();
    for (const auto i : goal.rules) w.value(plan.rules[i].id);
    w.end_array();
    w.end_object();
  }
  w.end_array();

  w.key("rules").begin_array();
  for (const auto& rule : plan.rules) {
    w.begin_object();
    w.member("id", rule.id);
    w.member("area", area_name(rule.area));
    w.member("tier", ast::to_string(rule.tier));
    w.member("goal", rule.goal);
    w.member("number", rule.number);
    w.member("kind", to_string(rule.kind));
    w.member("strength", to_string(rule.strength));
    w.member("indicator", indicator_id(rule.indicator));
    w.key("indicators").begin_array();
    for (const auto i : rule.indicators) w.value(indicator_id(i));
    w.end_array();
    w.key("filters").begin_object();
    for (const auto& f : rule.filters) w.member(f.key, f.value);
    w.end_object();
    if (rule.direction) w.member("operator", ast::to_string(*rule.direction));
    else if (rule.low) w.member("operator", "in");
    else if (rule.rhs) w.member("operator", ast::to_string(rule.op));
    else w.member("operator", "");
    w.member("value", rule.written_value);
    w.member("unit", rule.unit_text);
    w.member("target", rule.target);
    w.member("target_text", rule.target_text);
    w.member("year", rule.year);
    w.member("year_implicit", rule.year_implicit);
    w.key("years");
    write_year_range(w, rule.span);
    w.member("baseline_year", rule.baseline_year);
    w.member("baseline_factor", rule.baseline_factor);
    w.key("scopes").begin_array();
    for (const auto& s : rule.region_scopes) write_scope(w, s);
    w.end_array();
    w.member("tolerance", rule.tolerance);
    w.member("relative_tolerance", rule.relative_tolerance);
    w.member("missing", ast::to_string(rule.missing));
    w.key("metadata").begin_object();
    for (const auto& [k, v] : rule.metadata) w.member(k, v);
    w.end_object();
    w.member("reason", rule.reason);
    w.member("text", rule.text);
    w.member("source", rule.source);
    w.key("location");
    write_location(w, rule.location);
    w.end_object();
  }
  w.end_array();
}

} // namespace detail::json

PLANRULES_DECL std::string plan_to_json(const checked_plan& plan, bool pretty) {
  detail::json_writer w(pretty);
  w.begin_object();
  w.member("schema", "planrules.plan/1");
  detail::json::write_plan(w, plan);
  w.end_object();
  return w.take();
}

PLANRULES_DECL std::string check_results_to_json(const std::vector<const plan_result*>& results, bool pretty) {
  detail::json_writer w(pretty);
  w.begin_object();
  w.member("schema", "planrules.check/1");
  w.key("files").begin_array();
  for (const auto* result : results) {
    w.begin_object();
    w.member("path", result->plan.header.path);
    w.member("ok", result->ok());
    w.key("diagnostics").begin_array();
    for (const auto& d : result->diagnostics) detail::json::write_diagnostic(w, d);
    w.end_array();
    detail::json::write_plan(w, result->plan);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

} // namespace planrules

#endif
