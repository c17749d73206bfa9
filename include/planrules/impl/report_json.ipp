#ifndef PLANRULES_IMPL_REPORT_JSON_IPP
#define PLANRULES_IMPL_REPORT_JSON_IPP

// The evaluation as JSON, schema "planrules.evaluation/1" (docs/json.md). Every
// key is always present (null when there is nothing to say), so the key set is
// stable and a consumer never tests for a key's presence.

#include <planrules/detail/json_writer.hpp>
#include <planrules/impl/report_common.ipp>

namespace planrules {

namespace detail::reporting {

inline void json_optional_string(json_writer& w, std::string_view key, std::string_view value) {
  w.key(key);
  if (value.empty()) w.null();
  else w.value(value);
}

inline void json_counts(json_writer& w, const status_counts& counts) {
  w.key("binding").begin_object();
  for (const auto s : status_order) w.member(to_string(s), counts.binding[static_cast<int>(s)]);
  w.end_object();
  w.key("aspirational").begin_object();
  for (const auto s : status_order) w.member(to_string(s), counts.aspirational[static_cast<int>(s)]);
  w.end_object();
  const auto met = counts.count(status::met);
  w.member("binding_total", counts.total_binding());
  w.member("met", met);
  w.member("judged", met + counts.count(status::not_met));
  w.member("share_met", counts.share_met());
}

inline void json_assessment(json_writer& w, const planrules::progress::assessment& a) {
  w.member("class", planrules::progress::to_string(a.cls));
  w.member("issue", planrules::progress::to_string(a.issue));
  json_optional_string(w, "reason", a.reason);
  w.member("base_year", a.base_year);
  w.member("base_value", a.base_value);
  w.member("latest_year", a.latest_year);
  w.member("latest_value", a.latest_value);
  w.member("target_year", a.target_year);
  w.member("target_value", a.target_value);
  w.member("points", a.points);
  w.member("zero_replaced", a.zero_replaced);
}

inline void json_explanation(json_writer& w, const explanation& why, bool quantified) {
  w.begin_object();
  w.key("values").begin_array();
  for (const auto& v : why.values) {
    w.begin_object();
    w.member("year", v.year);
    w.member("value", v.value);
    w.member("qualifier", to_string(v.qualifier));
    w.member("derived", v.derived);
    json_optional_string(w, "source", v.source);
    w.end_object();
  }
  w.end_array();
  w.member("target", why.target);
  w.member("actual", why.actual);
  w.member("gap", why.gap);
  w.key("baseline");
  if (why.baseline_year && why.baseline_value)
    w.begin_object().member("year", *why.baseline_year).member("value", *why.baseline_value).end_object();
  else w.null();
  w.member("change", why.change);
  w.member("growth", why.growth);
  w.key("growth_ratio");
  if (why.growth_ratio) {
    const auto& g = *why.growth_ratio;
    w.begin_object();
    json_assessment(w, g);
    w.member("ratio", g.ratio);
    w.member("score", g.score);
    w.member("cagr_observed", g.cagr_observed);
    w.member("cagr_required", g.cagr_required);
    w.end_object();
  } else {
    w.null();
  }
  w.key("projection");
  if (why.projection) {
    const auto& p = *why.projection;
    w.begin_object();
    json_assessment(w, p);
    w.member("ratio", p.ratio);
    w.member("cagr", p.cagr);
    w.member("projected", p.projected);
    w.member("moving_away", p.moving_away);
    w.end_object();
  } else {
    w.null();
  }
  w.key("required");
  if (why.required) {
    const auto& q = *why.required;
    w.begin_object();
    w.member("issue", planrules::progress::to_string(q.issue));
    json_optional_string(w, "reason", q.reason);
    w.member("latest_year", q.latest_year);
    w.member("latest_value", q.latest_value);
    w.member("target_year", q.target_year);
    w.member("target_value", q.target_value);
    w.member("years_left", q.years_left);
    w.member("already_met", q.already_met);
    w.member("per_year", q.per_year);
    w.member("rate_per_year", q.rate_per_year);
    w.member("observed_per_year", q.observed_per_year);
    w.member("observed_rate", q.observed_rate);
    w.member("model", planrules::progress::to_string(q.model));
    w.member("projected", q.projected);
    w.member("projected_meets", q.projected_meets);
    w.end_object();
  } else {
    w.null();
  }
  w.key("volatility");
  if (why.volatility) {
    const auto& v = *why.volatility;
    w.begin_object();
    w.member("flagged", v.flagged);
    w.member("points", v.points);
    w.member("changes", v.changes);
    w.member("reversals", v.reversals);
    w.member("mean_change", v.mean_change);
    w.member("sd_change", v.sd_change);
    w.member("mean_level", v.mean_level);
    w.member("dispersion", v.dispersion);
    w.end_object();
  } else {
    w.null();
  }
  w.key("sub_regions");
  if (quantified) w.begin_object().member("judged", why.sub_regions).member("met", why.sub_regions_met).end_object();
  else w.null();
  w.key("notes").begin_array();
  for (const auto& n : why.notes) w.value(n);
  w.end_array();
  w.key("notes_zh").begin_array();
  for (const auto& n : why.notes_zh) w.value(n);
  w.end_array();
  w.end_object();
}

inline std::string_view operator_code(const checked_rule& rule) noexcept {
  if (rule.direction) return ast::to_string(*rule.direction);
  if (rule.low) return "in";
  if (rule.kind == rule_kind::qualitative) return "";
  return ast::to_string(rule.op);
}

inline void json_outcome(json_writer& w, const model& m, const row& r) {
  const auto& o = *r.o;
  const auto& rule = *r.rule;
  const auto& result = *m.result;
  const auto l = m.lang();
  w.begin_object();
  w.member("rule", rule.id);
  json_optional_string(w, "area", rule.area ? ast::to_string(*rule.area) : std::string_view());
  w.member("area_name", area_label(rule.area, l));
  w.member("goal", rule.goal);
  w.member("tier", ast::to_string(rule.tier));
  w.member("kind", to_string(rule.kind));
  json_optional_string(w, "indicator", r.indicator ? std::string_view(r.indicator->id) : std::string_view());
  json_optional_string(w, "indicator_name", r.indicator ? std::string_view(r.indicator->name) : std::string_view());
  json_optional_string(w, "indicator_english", r.indicator ? std::string_view(r.indicator->english) : std::string_view());
  w.member("slice", r.compiled->slice);
  w.member("region", m.region_name(o.region));
  w.member("region_path", result.data().regions().size() > o.region ? result.data().regions().path(o.region) : std::string());
  w.member("status", to_string(o.status));
  w.member("status_label", status_label(o.status, l));
  w.member("aspirational", o.is(outcome::aspirational));
  w.member("early", o.is(outcome::early));
  w.member("volatile", o.is(outcome::volatile_series));
  w.member("derived", o.is(outcome::derived));
  w.member("bound_only", o.is(outcome::bound_only));
  w.key("bound");
  if (r.bound) w.value(to_string(*r.bound));
  else w.null();
  w.key("deadline");
  if (r.compiled->deadline && rule.kind != rule_kind::qualitative) w.value(r.compiled->deadline);
  else w.null();
  w.key("year");
  if (o.year) w.value(static_cast<int>(o.year));
  else w.null();
  w.key("actual");
  if (o.year) w.value(o.actual);
  else w.null();
  w.key("target");
  if (o.is(outcome::has_target)) w.value(o.target);
  else w.null();
  w.key("gap");
  if (o.year && o.is(outcome::has_target)) w.value(o.actual - o.target);
  else w.null();
  w.member("operator", operator_code(rule));
  w.member("target_text", rule.target_text);
  w.member("target_label", target_label(rule, l));
  w.key("projected");
  if (o.is(outcome::has_projection)) w.value(o.projected);
  else w.null();
  w.key("required_per_year");
  if (o.is(outcome::has_required)) w.value(o.required);
  else w.null();
  w.key("progress");
  if (shows_progress(o, *r.compiled)) w.value(planrules::progress::to_string(o.progress));
  else w.null();
  w.key("progress_label");
  if (shows_progress(o, *r.compiled)) w.value(progress_label(o.progress, l));
  else w.null();
  w.member("unit", unit_code(r.style));
  json_optional_string(w, "indicator_unit", r.indicator ? std::string_view(r.indicator->unit.symbol) : std::string_view());
  w.member("rule_text", rule.text);
  w.member("source", rule.source);
  json_optional_string(w, "reason", rule.reason);
  w.key("explanation");
  if (r.why) json_explanation(w, *r.why, r.compiled->quantifier.has_value());
  else w.null();
  w.end_object();
}

inline std::string json_report(const model& m) {
  const auto& result = *m.result;
  const auto& plan = result.program().plan();
  const auto& h = plan.header;
  const auto l = m.lang();
  json_writer w(m.options.pretty);
  w.begin_object();
  w.member("schema", "planrules.evaluation/1");
  w.key("generator").begin_object().member("name", "planrules").member("version", PLANRULES_VERSION_STRING).end_object();
  w.member("language", l == label_language::zh ? "zh" : "en");
  w.member("title", m.title());

  w.key("plan").begin_object();
  w.member("id", h.id);
  w.member("name", h.name);
  w.member("english", h.english);
  w.member("region", h.region);
  w.key("level");
  if (h.level) w.value(ast::to_string(*h.level));
  else w.null();
  w.key("period");
  if (h.period) w.begin_object().member("first", h.period->first).member("last", h.period->last).end_object();
  else w.null();
  w.member("baseline", h.baseline);
  w.member("parent", h.parent);
  w.member("path", h.path);
  w.member("rules", plan.rules.size());
  w.end_object();

  w.member("as_of", result.as_of());
  w.key("data").begin_object();
  w.member("values", result.data().value_count());
  w.member("series", result.data().series_count());
  w.key("sources").begin_array();
  for (const auto& s : m.sources) w.value(s);
  w.end_array();
  w.end_object();

  const auto& regions = result.data().regions();
  w.key("regions").begin_array();
  for (const auto r : result.regions()) {
    w.begin_object();
    w.member("name", regions[r].name);
    w.member("path", regions.path(r));
    w.key("level");
    if (regions[r].level) w.value(ast::to_string(*regions[r].level));
    else w.null();
    w.key("parent");
    if (regions[r].parent != no_region) w.value(regions[regions[r].parent].name);
    else w.null();
    w.end_object();
  }
  w.end_array();

  // Outcomes in the evaluation's order (rule, then region).
  std::vector<const row*> rows;
  for (const auto& group : m.areas) {
    for (const auto& r : group.rows) rows.push_back(&r);
    for (const auto& r : group.qualitative) rows.push_back(&r);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const row* a, const row* b) { return a->o < b->o; });
  w.key("outcomes").begin_array();
  for (const auto* r : rows) json_outcome(w, m, *r);
  w.end_array();

  w.key("rollups").begin_object();
  w.key("plan").begin_object();
  json_counts(w, result.counts());
  w.end_object();
  w.key("areas").begin_array();
  for (const auto& group : m.areas) {
    if (!group.area) continue;
    w.begin_object();
    w.member("area", ast::to_string(*group.area));
    w.member("name", area_label(group.area, l));
    json_counts(w, result.counts(group.area));
    w.end_object();
  }
  w.end_array();
  w.key("regions").begin_array();
  for (const auto r : result.regions()) {
    w.begin_object();
    w.member("region", regions[r].name);
    w.member("path", regions.path(r));
    json_counts(w, result.counts(std::nullopt, r));
    w.end_object();
  }
  w.end_array();
  w.end_object();

  w.key("warnings").begin_array();
  for (const auto& warn : m.warnings) {
    const auto& r = *warn.r;
    const auto& o = *r.o;
    w.begin_object();
    w.member("type", warn.volatility ? "volatility" : "progress");
    w.member("rule", r.rule->id);
    w.member("region", m.region_name(o.region));
    json_optional_string(w, "indicator", r.indicator ? std::string_view(r.indicator->id) : std::string_view());
    json_optional_string(w, "indicator_name", r.indicator ? std::string_view(r.indicator->name) : std::string_view());
    w.member("status", to_string(o.status));
    w.key("progress");
    if (shows_progress(o, *r.compiled)) w.value(planrules::progress::to_string(o.progress));
    else w.null();
    w.key("deadline");
    if (r.compiled->deadline) w.value(r.compiled->deadline);
    else w.null();
    w.key("year");
    if (o.year) w.value(static_cast<int>(o.year));
    else w.null();
    w.key("actual");
    if (o.year) w.value(o.actual);
    else w.null();
    w.key("target");
    if (o.is(outcome::has_target)) w.value(o.target);
    else w.null();
    w.key("projected");
    if (o.is(outcome::has_projection)) w.value(o.projected);
    else w.null();
    w.key("required_per_year");
    if (o.is(outcome::has_required)) w.value(o.required);
    else w.null();
    w.member("unit", unit_code(r.style));
    w.member("message", warning_message(warn, l));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

} // namespace detail::reporting

PLANRULES_DECL std::string render_json(const evaluation& result, const report_options& options) {
  try {
    const auto m = detail::reporting::build(result, options, options.explanations, false);
    return detail::reporting::json_report(m);
  } catch (...) {
    return {};
  }
}

PLANRULES_DECL std::string explanation_to_json(const evaluation& result, const outcome& o, bool pretty) {
  try {
    detail::json_writer w(pretty);
    w.begin_object();
    w.member("rule", result.rule_of(o).id);
    w.member("region", result.region_name(o));
    w.member("status", to_string(o.status));
    w.key("explanation");
    detail::reporting::json_explanation(w, explain(result, o), result.program().rules()[o.rule].quantifier.has_value());
    w.end_object();
    return w.take();
  } catch (...) {
    return {};
  }
}

} // namespace planrules

#endif
