#ifndef PLANRULES_IMPL_REPORT_HTML_IPP
#define PLANRULES_IMPL_REPORT_HTML_IPP

// The evaluation as one self-contained HTML page for a monitoring office: inline
// CSS, inline SVG charts drawn here (no chart library, no script, no network),
// UTF-8, every text escaped.

#include <planrules/impl/report_common.ipp>

#include <map>

namespace planrules {

namespace detail::reporting {

inline std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

/// A coordinate for SVG: one decimal, locale-independent.
inline std::string coordinate(double v) {
  if (!std::isfinite(v)) v = 0;
  char buffer[32];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed, 1);
  return std::string(buffer, r.ptr);
}

inline std::string_view status_class(status s) noexcept {
  switch (s) {
  case status::met: return "s-met";
  case status::not_met: return "s-not-met";
  case status::no_data: return "s-no-data";
  case status::insufficient_data: return "s-insufficient";
  case status::not_yet_due: return "s-due";
  case status::not_measurable: return "s-qual";
  case status::error: return "s-error";
  }
  return "s-error";
}

/// Fill colours of the statuses (the CSS classes use the same).
inline std::string_view status_color(status s) noexcept {
  switch (s) {
  case status::met: return "#2e7d32";
  case status::not_met: return "#c62828";
  case status::no_data: return "#cfd4da";
  case status::insufficient_data: return "#90a4ae";
  case status::not_yet_due: return "#f0a202";
  case status::not_measurable: return "#e9ecef";
  case status::error: return "#6a1b9a";
  }
  return "#000000";
}

inline bool dark_fill(status s) noexcept {
  return s == status::met || s == status::not_met || s == status::error || s == status::insufficient_data;
}

inline std::string_view progress_class_css(planrules::progress::progress_class c) noexcept {
  switch (c) {
  case planrules::progress::progress_class::achieved:
  case planrules::progress::progress_class::on_track: return "p-good";
  case planrules::progress::progress_class::needs_acceleration: return "p-warn";
  case planrules::progress::progress_class::limited_progress:
  case planrules::progress::progress_class::moving_away: return "p-bad";
  default: return "p-none";
  }
}

inline std::string status_badge(const std::optional<status>& s, label_language l, bool before) {
  if (!s) return "<span class=\"badge s-none\">" + html_escape(word(before ? term::added : term::removed, l)) + "</span>";
  return "<span class=\"badge " + std::string(status_class(*s)) + "\">" + html_escape(status_label(*s, l)) + "</span>";
}

inline void html_head(std::string& out, std::string_view title, label_language l) {
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += l == label_language::zh ? "zh-CN" : "en";
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"planrules " PLANRULES_VERSION_STRING "\">\n";
  out += "<title>" + html_escape(title) + "</title>\n<style>\n";
  // No '<' or '>' in the style sheet: the page stays trivially well-formed.
  out += R"css(:root { --ink: #1f2933; --muted: #616e7c; --line: #d9dee3; --paper: #ffffff; --band: #f5f7f9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--band); color: var(--ink);
  font: 14px/1.5 "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 40px; background: var(--paper); }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h2 .sub { font-weight: normal; color: var(--muted); font-size: 15px; margin-left: 8px; }
h3 { font-size: 15px; margin: 18px 0 8px; color: var(--muted); }
.meta { color: var(--muted); margin: 0 0 18px; }
.meta span { margin-right: 18px; white-space: nowrap; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(118px, 1fr)); gap: 10px; margin: 12px 0 8px; }
.tile { border: 1px solid var(--line); border-left-width: 6px; border-radius: 4px; padding: 8px 10px; background: var(--paper); }
.tile .n { font-size: 26px; font-weight: bold; line-height: 1.2; }
.tile .k { color: var(--muted); font-size: 13px; }
.tile.share { border-left-color: #1565c0; }
.t-met { border-left-color: #2e7d32; } .t-not-met { border-left-color: #c62828; }
.t-due { border-left-color: #f0a202; } .t-insufficient { border-left-color: #90a4ae; }
.t-no-data { border-left-color: #cfd4da; } .t-qual { border-left-color: #adb5bd; }
.t-error { border-left-color: #6a1b9a; }
.t-met .n { color: #2e7d32; } .t-not-met .n { color: #c62828; } .t-due .n { color: #b26a00; } .t-error .n { color: #6a1b9a; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 6px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.id, td.nowrap { white-space: nowrap; }
td.id { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
tr.asp td { background: #fbfbf4; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; white-space: nowrap; border: 1px solid transparent; }
.s-met { background: #2e7d32; color: #fff; } .s-not-met { background: #c62828; color: #fff; }
.s-due { background: #f0a202; color: #1f2933; } .s-insufficient { background: #90a4ae; color: #fff; }
.s-no-data { background: #cfd4da; color: #1f2933; } .s-qual { background: #e9ecef; color: #1f2933; border-color: #adb5bd; }
.s-error { background: #6a1b9a; color: #fff; } .s-none { background: #fff; color: var(--muted); border-color: var(--line); }
.p-good { color: #2e7d32; } .p-warn { color: #b26a00; font-weight: 600; } .p-bad { color: #c62828; font-weight: 600; } .p-none { color: var(--muted); }
.mark { display: inline-block; margin: 0 3px 2px 0; padding: 0 5px; border: 1px solid var(--line); border-radius: 3px; font-size: 12px; white-space: nowrap; }
.mark.volatile { border-color: #f0a202; color: #b26a00; }
.mark.asp { border-color: #1565c0; color: #1565c0; }
details summary { cursor: pointer; color: #1565c0; white-space: nowrap; }
details ul { margin: 4px 0 0; padding-left: 18px; color: var(--muted); min-width: 260px; }
.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; color: var(--muted); font-size: 13px; }
.legend .sw { display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -1px; border: 1px solid #adb5bd; }
.legend .ln { display: inline-block; width: 22px; height: 0; margin-right: 5px; vertical-align: 4px; border-top: 2px solid #1565c0; }
.legend .ln.proj { border-top-style: dashed; } .legend .ln.tgt { border-top: 2px dotted #c62828; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 14px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: 8px; background: var(--paper); break-inside: avoid; }
figcaption { font-size: 13px; margin-bottom: 4px; }
figcaption .st { float: right; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; }
.warn td.kind { white-space: nowrap; font-weight: 600; }
.qual td { color: var(--muted); }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print { body { background: #fff; } main { max-width: none; padding: 0; } details ul { display: block; } }
)css";
  out += "</style>\n</head>\n<body>\n";
}

/// One horizontal bar per area (and one for the whole plan), split by the share of each status.
inline void area_chart(std::string& out, const model& m) {
  const auto l = m.lang();
  const auto& result = *m.result;
  struct bar {
    std::string label;
    status_counts counts;
  };
  std::vector<bar> bars;
  for (const auto& group : m.areas) {
    status_counts c;
    for (const auto* rows : {&group.rows, &group.qualitative})
      for (const auto& r : *rows) ++(r.o->is(outcome::aspirational) ? c.aspirational : c.binding)[static_cast<int>(r.o->status)];
    bars.push_back({std::string(area_label(group.area, l)), c});
  }
  bars.push_back({std::string(word(term::all, l)), result.counts()});

  const double label_w = 120, bar_w = 520, share_w = 130, row_h = 34, top = 8;
  const double width = label_w + bar_w + share_w;
  const double height = top + row_h * static_cast<double>(bars.size()) + 8;
  out += "<svg class=\"chart area-chart\" width=\"" + coordinate(width) + "\" height=\"" +
         coordinate(height) + "\" viewBox=\"0 0 " + coordinate(width) + " " + coordinate(height) +
         "\" role=\"img\" aria-label=\"" + html_escape(word(term::progress_by_area, l)) + "\">\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const double y = top + row_h * static_cast<double>(i);
    const bool total_row = i + 1 == bars.size();
    if (total_row)
      out += "<line x1=\"0\" x2=\"" + coordinate(width) + "\" y1=\"" + coordinate(y - 3) + "\" y2=\"" + coordinate(y - 3) +
             "\" stroke=\"#d9dee3\"/>\n";
    out += "<text x=\"" + coordinate(label_w - 10) + "\" y=\"" + coordinate(y + row_h / 2 + 1) +
           "\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"14\"" + (total_row ? " font-weight=\"bold\"" : "") +
           " fill=\"#1f2933\">" + html_escape(b.label) + "</text>\n";
    std::size_t total = 0;
    for (const auto s : status_order) total += b.counts.binding[static_cast<int>(s)] + b.counts.aspirational[static_cast<int>(s)];
    double x = label_w;
    const double bar_y = y + 5, bar_h = row_h - 10;
    if (total == 0)
      out += "<rect x=\"" + coordinate(x) + "\" y=\"" + coordinate(bar_y) + "\" width=\"" + coordinate(bar_w) + "\" height=\"" +
             coordinate(bar_h) + "\" fill=\"#f5f7f9\" stroke=\"#d9dee3\"/>\n";
    for (const auto s : status_order) {
      const auto n = b.counts.binding[static_cast<int>(s)] + b.counts.aspirational[static_cast<int>(s)];
      if (n == 0) continue;
      const double w = bar_w * static_cast<double>(n) / static_cast<double>(total);
      out += "<rect x=\"" + coordinate(x) + "\" y=\"" + coordinate(bar_y) + "\" width=\"" + coordinate(w) + "\" height=\"" +
             coordinate(bar_h) + "\" fill=\"" + std::string(status_color(s)) + "\" stroke=\"#ffffff\" stroke-width=\"1\"><title>" +
             html_escape(b.label + " · " + status_label(s, l) + ": " + std::to_string(n)) + "</title></rect>\n";
      if (w >= 22)
        out += "<text x=\"" + coordinate(x + w / 2) + "\" y=\"" + coordinate(bar_y + bar_h / 2 + 1) +
               "\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"" +
               (dark_fill(s) ? "#ffffff" : "#1f2933") + "\">" + std::to_string(n) + "</text>\n";
      x += w;
    }
    const auto share = b.counts.share_met();
    out += "<text x=\"" + coordinate(label_w + bar_w + 10) + "\" y=\"" + coordinate(y + row_h / 2 + 1) +
           "\" dominant-baseline=\"middle\" font-size=\"13\" fill=\"#616e7c\">" +
           html_escape(std::string(word(term::share_met, l)) + " " + (share ? percent(*share) : std::string("—"))) + "</text>\n";
  }
  out += "</svg>\n";
}

struct trend_target {
  int first = 0; ///< every-year bounds: the first year bound; else the deadline
  int year = 0;
  double value = 0;
  std::string label;
};

struct trend_chart {
  const row* first = nullptr; ///< the first rule on this series (indicator, unit, better)
  region_id region = 0;
  std::vector<observed_point> points;
  std::vector<trend_target> targets;
  std::optional<std::pair<int, double>> projection; ///< (deadline, projected value)
  std::vector<const row*> rows;
};

/// A round step near `span / count`: 1, 2 or 5 times a power of ten.
inline double nice_step(double span, int count) {
  const double raw = span / count;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

inline std::vector<trend_chart> trend_charts(const model& m, const area_rows& group) {
  const auto& result = *m.result;
  const auto& plan = result.program().plan();
  std::vector<trend_chart> charts;
  std::map<std::tuple<catalogue::index, std::string, region_id>, std::size_t> index;
  for (const auto& r : group.rows) {
    const auto& c = *r.compiled;
    if (c.indicator == catalogue::npos || c.quantifier || r.rule->kind == rule_kind::general) continue;
    const auto key = std::make_tuple(c.indicator, c.slice, r.o->region);
    auto it = index.find(key);
    if (it == index.end()) {
      trend_chart chart;
      chart.first = &r;
      chart.region = r.o->region;
      chart.points = observed(*m.explainer, *r.o);
      it = index.emplace(key, charts.size()).first;
      charts.push_back(std::move(chart));
    }
    auto& chart = charts[it->second];
    chart.rows.push_back(&r);
    const bool level = r.rule->kind == rule_kind::bound || r.rule->kind == rule_kind::every_year_bound ||
                       r.rule->kind == rule_kind::baseline_relative;
    if (level && r.o->is(outcome::has_target) && c.deadline) {
      trend_target t;
      t.year = c.deadline;
      t.first = r.rule->kind == rule_kind::every_year_bound && r.rule->span ? r.rule->span->first : c.deadline;
      t.value = r.o->target;
      t.label = std::string(operator_symbol(r.rule->op)) + display(r.o->target);
      chart.targets.push_back(std::move(t));
    }
    // A growth target as the level it asks for: the start value compounded over the span.
    if (r.rule->kind == rule_kind::growth && r.o->is(outcome::has_target) && r.rule->span) {
      const auto& points = chart.points;
      const auto start = std::find_if(points.begin(), points.end(), [&](const observed_point& p) { return p.year == r.rule->span->first; });
      if (start != points.end() && start->value > 0) {
        trend_target t;
        t.year = t.first = r.rule->span->last;
        t.value = start->value * std::pow(1.0 + r.o->target, r.rule->span->last - r.rule->span->first);
        t.label = std::string(operator_symbol(r.rule->op)) + display(t.value) + " (" + signed_display(r.o->target * 100, 3) + "%" +
                  std::string(word(term::per_year, m.lang())) + ")";
        chart.targets.push_back(std::move(t));
      }
    }
    if (r.o->status == status::not_yet_due && r.o->is(outcome::has_projection) &&
        (!chart.projection || c.deadline > chart.projection->first))
      chart.projection = std::make_pair(c.deadline, r.o->projected);
  }
  // Without a projection from the evaluation, project the observed trend to the
  // latest deadline ahead, as the evaluation would (UN method, then compound trend).
  for (auto& chart : charts) {
    if (chart.projection || chart.points.size() < 2) continue;
    const trend_target* last = nullptr;
    for (const auto& t : chart.targets)
      if (!last || t.year > last->year) last = &t;
    int deadline = last ? last->year : 0;
    for (const auto* r : chart.rows) deadline = std::max(deadline, r->compiled->deadline);
    if (deadline <= result.as_of() || deadline <= chart.points.back().year) continue;
    std::vector<int> years;
    std::vector<double> values;
    for (const auto& p : chart.points)
      if (p.qualifier != value_qualifier::lower_bound && p.qualifier != value_qualifier::upper_bound) {
        years.push_back(p.year);
        values.push_back(p.value);
      }
    planrules::progress::progress_options options;
    if (plan.header.baseline) options.base_year = *plan.header.baseline;
    const planrules::progress::target goal{last && last->year == deadline ? std::optional<double>(last->value) : std::nullopt, deadline,
                                chart.first->compiled->better};
    const planrules::progress::observations series(years, values);
    const auto un = planrules::progress::projection(series, goal, options);
    // A trend from a zero base is no trend (Open SDG's replacement of zero "can distort the result").
    if (un.zero_replaced) continue;
    auto projected = un.projected;
    if (!projected) projected = planrules::progress::required_change(series, goal, options).projected;
    if (projected && std::isfinite(*projected)) chart.projection = std::make_pair(deadline, *projected);
  }
  std::erase_if(charts, [](const trend_chart& c) { return c.points.size() < 2; });
  return charts;
}

inline void trend_svg(std::string& out, const model& m, const trend_chart& chart) {
  const auto l = m.lang();
  const auto& r = *chart.first;
  const std::string unit = r.indicator ? r.indicator->unit.symbol : std::string();
  const double width = 400, height = 240, left = 54, right = 18, top = 26, bottom = 34;
  const double plot_w = width - left - right, plot_h = height - top - bottom;

  int first_year = chart.points.front().year, last_year = chart.points.back().year;
  double lo = chart.points.front().value, hi = lo;
  for (const auto& p : chart.points) {
    lo = std::min(lo, p.value);
    hi = std::max(hi, p.value);
  }
  for (const auto& t : chart.targets) {
    first_year = std::min(first_year, t.first);
    last_year = std::max(last_year, t.year);
    lo = std::min(lo, t.value);
    hi = std::max(hi, t.value);
  }
  if (chart.projection) {
    last_year = std::max(last_year, chart.projection->first);
    lo = std::min(lo, chart.projection->second);
    hi = std::max(hi, chart.projection->second);
  }
  if (hi - lo < 1e-12) {
    const double pad = std::fabs(hi) > 0 ? std::fabs(hi) * 0.1 : 1.0;
    lo -= pad;
    hi += pad;
  }
  // A little air, so that no target or point sits on the frame.
  const double air = (hi - lo) * 0.06;
  lo -= air;
  hi += air;
  const double step = nice_step(hi - lo, 4);
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;
  if (hi - lo < step) hi = lo + step;
  const double x_lo = first_year - 0.5, x_hi = last_year + 0.5;
  auto x_of = [&](double year) { return left + (year - x_lo) / (x_hi - x_lo) * plot_w; };
  auto y_of = [&](double v) { return top + (hi - v) / (hi - lo) * plot_h; };

  const std::string caption = indicator_label(r.indicator, l);
  out += "<svg class=\"chart trend-chart\" width=\"" + coordinate(width) + "\" height=\"" +
         coordinate(height) + "\" viewBox=\"0 0 " + coordinate(width) + " " + coordinate(height) + "\" role=\"img\" aria-label=\"" +
         html_escape(caption + " " + std::string(word(term::trend_of, l))) + "\">\n";
  // Unit of the value axis, top left.
  out += "<text x=\"4\" y=\"14\" font-size=\"11\" fill=\"#616e7c\">" +
         html_escape(unit.empty() ? std::string() : (l == label_language::zh ? "单位：" : "unit: ") + unit) + "</text>\n";
  // Value grid and labels.
  for (double v = lo; v <= hi + step * 1e-6; v += step) {
    const double y = y_of(v);
    out += "<line x1=\"" + coordinate(left) + "\" x2=\"" + coordinate(width - right) + "\" y1=\"" + coordinate(y) + "\" y2=\"" +
           coordinate(y) + "\" stroke=\"#e4e7eb\"/>\n";
    out += "<text x=\"" + coordinate(left - 6) + "\" y=\"" + coordinate(y) +
           "\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\" fill=\"#616e7c\">" +
           html_escape(display(std::fabs(v) < step * 1e-6 ? 0.0 : v)) + "</text>\n";
  }
  // Year axis.
  const double axis_y = top + plot_h;
  out += "<line x1=\"" + coordinate(left) + "\" x2=\"" + coordinate(width - right) + "\" y1=\"" + coordinate(axis_y) + "\" y2=\"" +
         coordinate(axis_y) + "\" stroke=\"#616e7c\"/>\n";
  const int span = last_year - first_year;
  const int year_step = span <= 10 ? 1 : span <= 20 ? 2 : 5;
  for (int year = first_year; year <= last_year; year += year_step) {
    const double x = x_of(year);
    out += "<line x1=\"" + coordinate(x) + "\" x2=\"" + coordinate(x) + "\" y1=\"" + coordinate(axis_y) + "\" y2=\"" +
           coordinate(axis_y + 4) + "\" stroke=\"#616e7c\"/>\n";
    out += "<text x=\"" + coordinate(x) + "\" y=\"" + coordinate(axis_y + 16) +
           "\" text-anchor=\"middle\" font-size=\"10.5\" fill=\"#616e7c\">" + std::to_string(year) + "</text>\n";
  }
  out += "<text x=\"" + coordinate(width - right) + "\" y=\"" + coordinate(height - 3) +
         "\" text-anchor=\"end\" font-size=\"10.5\" fill=\"#616e7c\">" + html_escape(word(term::year_axis, l)) + "</text>\n";
  // The as-of year.
  const double as_of_x = x_of(m.result->as_of());
  if (m.result->as_of() >= first_year && m.result->as_of() <= last_year)
    out += "<line x1=\"" + coordinate(as_of_x) + "\" x2=\"" + coordinate(as_of_x) + "\" y1=\"" + coordinate(top) + "\" y2=\"" +
           coordinate(axis_y) + "\" stroke=\"#adb5bd\" stroke-dasharray=\"1 3\"/>\n";

  // Targets: a dotted level from the previous deadline (or the first bound year) to this one, a diamond at the deadline.
  auto targets = chart.targets;
  std::sort(targets.begin(), targets.end(), [](const trend_target& a, const trend_target& b) { return a.year < b.year; });
  int previous = first_year;
  for (const auto& t : targets) {
    const double from = std::min(static_cast<double>(t.first == t.year ? previous : t.first), static_cast<double>(t.year));
    const double x1 = x_of(from == t.year ? x_lo + 0.5 : from), x2 = x_of(t.year), y = y_of(t.value);
    out += "<line x1=\"" + coordinate(x1) + "\" x2=\"" + coordinate(x2) + "\" y1=\"" + coordinate(y) + "\" y2=\"" + coordinate(y) +
           "\" stroke=\"#c62828\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n";
    out += "<path d=\"M" + coordinate(x2) + " " + coordinate(y - 6) + " l6 6 l-6 6 l-6 -6 z\" fill=\"#c62828\"><title>" +
           html_escape(std::string(word(term::target_line, l)) + " " + std::to_string(t.year) + ": " + t.label + unit) + "</title></path>\n";
    // The label sits by its diamond, above the level; below it when a rising projection ends right
    // there (its label is above, see below).
    const auto& last_point = chart.points.back();
    const bool crowded = chart.projection && chart.projection->first == t.year &&
                         std::fabs(y_of(chart.projection->second) - y) < 16 && chart.projection->second > last_point.value;
    out += "<text x=\"" + coordinate(x2 - 9) + "\" y=\"" + coordinate(crowded ? y + 15 : y - 6) +
           "\" text-anchor=\"end\" font-size=\"11\" fill=\"#c62828\">" + html_escape(t.label) + "</text>\n";
    previous = t.year;
  }

  // Observed values: a line through the exact ones, hollow markers for bounds.
  std::string line;
  const observed_point* last_exact = nullptr;
  for (const auto& p : chart.points) {
    if (p.qualifier == value_qualifier::lower_bound || p.qualifier == value_qualifier::upper_bound) continue;
    line += (line.empty() ? "" : " ") + coordinate(x_of(p.year)) + "," + coordinate(y_of(p.value));
    last_exact = &p;
  }
  if (!line.empty())
    out += "<polyline points=\"" + line + "\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>\n";
  if (chart.projection && last_exact && chart.projection->first > last_exact->year)
    out += "<line x1=\"" + coordinate(x_of(last_exact->year)) + "\" y1=\"" + coordinate(y_of(last_exact->value)) + "\" x2=\"" +
           coordinate(x_of(chart.projection->first)) + "\" y2=\"" + coordinate(y_of(chart.projection->second)) +
           "\" stroke=\"#1565c0\" stroke-width=\"1.6\" stroke-dasharray=\"6 4\" opacity=\"0.8\"/>\n" +
           "<circle cx=\"" + coordinate(x_of(chart.projection->first)) + "\" cy=\"" + coordinate(y_of(chart.projection->second)) +
           "\" r=\"3.5\" fill=\"#ffffff\" stroke=\"#1565c0\" stroke-width=\"1.5\"><title>" +
           html_escape(std::string(word(term::projection, l)) + " " + std::to_string(chart.projection->first) + ": " +
                       display(chart.projection->second) + unit) +
           "</title></circle>\n" + "<text x=\"" + coordinate(x_of(chart.projection->first) - 6) + "\" y=\"" +
           // Opposite the side the dashed line comes from.
           coordinate(y_of(chart.projection->second) + (chart.projection->second > last_exact->value ? -8 : 16)) +
           "\" text-anchor=\"end\" font-size=\"11\" fill=\"#1565c0\">" +
           html_escape(display(chart.projection->second)) + "</text>\n";
  for (const auto& p : chart.points) {
    const bool bound = p.qualifier == value_qualifier::lower_bound || p.qualifier == value_qualifier::upper_bound;
    out += "<circle cx=\"" + coordinate(x_of(p.year)) + "\" cy=\"" + coordinate(y_of(p.value)) + "\" r=\"3.5\" fill=\"" +
           (bound ? "#ffffff" : "#1565c0") + "\" stroke=\"#1565c0\" stroke-width=\"1.5\"><title>" +
           html_escape(std::to_string(p.year) + ": " +
                       (p.qualifier == value_qualifier::lower_bound ? "≥" : p.qualifier == value_qualifier::upper_bound ? "≤" : "") +
                       (p.derived ? "Σ" : "") + display(p.value) + unit) +
           "</title></circle>\n";
  }
  // The latest value is written out: the one the verdict is about.
  const auto& latest = chart.points.back();
  const bool latest_bound = latest.qualifier == value_qualifier::lower_bound || latest.qualifier == value_qualifier::upper_bound;
  out += "<text x=\"" + coordinate(x_of(latest.year)) + "\" y=\"" + coordinate(y_of(latest.value) - 9) +
         "\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"#1565c0\">" +
         html_escape(std::string(latest_bound ? (latest.qualifier == value_qualifier::lower_bound ? "≥" : "≤") : "") +
                     (latest.derived ? "Σ" : "") + display(latest.value)) +
         "</text>\n";
  out += "</svg>\n";
}

inline std::string marks_html(const row& r, label_language l) {
  std::string out;
  if (r.o->is(outcome::aspirational)) out += "<span class=\"mark asp\">" + html_escape(word(term::aspirational, l)) + "</span>";
  if (r.o->is(outcome::early)) out += "<span class=\"mark\">" + html_escape(word(term::early, l)) + "</span>";
  if (r.o->is(outcome::volatile_series))
    out += "<span class=\"mark volatile\">" + html_escape(word(term::volatile_series, l)) + "</span>";
  return out;
}

inline void rules_table(std::string& out, const model& m, const area_rows& group) {
  const auto l = m.lang();
  out += "<table class=\"rules\">\n<thead><tr>";
  std::vector<term> heads{term::id};
  if (m.several_regions) heads.push_back(term::region);
  for (const auto t : {term::indicator, term::target, term::deadline, term::value, term::status, term::progress, term::projected,
                       term::required, term::marks})
    heads.push_back(t);
  if (m.options.explanations) heads.push_back(term::explanation);
  for (const auto t : heads) out += "<th>" + html_escape(word(t, l)) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& r : group.rows) {
    out += r.o->is(outcome::aspirational) ? "<tr class=\"asp\">" : "<tr>";
    out += "<td class=\"id\">" + html_escape(r.rule->id) + "</td>";
    if (m.several_regions) out += "<td class=\"nowrap\">" + html_escape(m.region_name(r.o->region)) + "</td>";
    out += "<td>" + html_escape(indicator_label(r.indicator, l)) + (r.compiled->slice.empty() ? "" : " <small>[" + html_escape(r.compiled->slice) + "]</small>") + "</td>";
    out += "<td>" + html_escape(target_label(*r.rule, l)) + "</td>";
    out += "<td class=\"num\">" + html_escape(deadline_cell(r)) + "</td>";
    out += "<td class=\"num\">" + html_escape(value_cell(r, l)) + "</td>";
    out += "<td>" + status_badge(r.o->status, l, false) + "</td>";
    const auto progress_text = progress_cell(r, l);
    out += "<td class=\"nowrap " + std::string(progress_class_css(r.o->progress)) + "\">" + html_escape(progress_text) + "</td>";
    out += "<td class=\"num\">" + html_escape(projected_cell(r)) + "</td>";
    out += "<td class=\"num\">" + html_escape(required_cell(r, l)) + "</td>";
    out += "<td>" + marks_html(r, l) + "</td>";
    if (!m.options.explanations) {
      out += "</tr>\n";
      continue;
    }
    out += "<td>";
    const auto lines = explanation_lines(r, l);
    if (!lines.empty() || !r.rule->source.empty()) {
      out += "<details><summary>" + html_escape(word(term::explanation, l)) + "</summary><ul>";
      for (const auto& line : lines) out += "<li>" + html_escape(line) + "</li>";
      out += "<li>" + html_escape(std::string(word(term::rule, l)) + (l == label_language::zh ? "：" : ": ") + r.rule->text) + "</li>";
      if (!r.rule->source.empty())
        out += "<li>" + html_escape(std::string(word(term::source, l)) + (l == label_language::zh ? "：" : ": ") + r.rule->source) + "</li>";
      out += "</ul></details>";
    }
    out += "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

inline std::string html_report(const model& m) {
  const auto l = m.lang();
  const bool zh = l == label_language::zh;
  const auto& result = *m.result;
  const auto title = m.title();
  std::string out;
  html_head(out, title, l);
  out += "<main>\n<header>\n<h1>" + html_escape(title) + "</h1>\n<p class=\"meta\">";
  out += "<span>" + html_escape(std::string(word(term::region_label, l)) + m.regions_phrase()) + "</span>";
  out += "<span>" + html_escape(std::string(word(term::as_of, l)) + std::to_string(result.as_of()) + (zh ? "年" : "")) + "</span>";
  out += "<span>" + html_escape(std::string(word(term::sources, l)) + std::to_string(m.sources.size())) + "</span>";
  out += "<span>" + html_escape(std::string(word(term::rules_label, l)) + std::to_string(result.program().plan().rules.size())) + "</span>";
  out += "</p>\n</header>\n";

  // Summary tiles: the share met, then every status.
  const auto counts = result.counts();
  out += "<section class=\"tiles\">\n";
  const auto share = counts.share_met();
  const auto met = counts.count(status::met);
  out += "<div class=\"tile share\"><div class=\"n\">" + html_escape(share ? percent(*share) : std::string("—")) +
         "</div><div class=\"k\">" + html_escape(std::string(word(term::share_met, l)) + " (" + std::to_string(met) + "/" +
                                                 std::to_string(met + counts.count(status::not_met)) + ")") +
         "</div></div>\n";
  for (const auto s : status_order) {
    const auto i = static_cast<int>(s);
    const auto n = counts.binding[i] + counts.aspirational[i];
    if (n == 0 && (s == status::error || s == status::insufficient_data)) continue;
    out += "<div class=\"tile t-" + std::string(status_class(s).substr(2)) + "\"><div class=\"n\">" + std::to_string(n) + "</div><div class=\"k\">" +
           html_escape(status_label(s, l)) +
           (counts.aspirational[i] ? html_escape(std::string(zh ? "（含力争 " : " (aspirational ") +
                                                 std::to_string(counts.aspirational[i]) + (zh ? "）" : ")"))
                                   : std::string()) +
           "</div></div>\n";
  }
  out += "</section>\n";

  out += "<section>\n<h2>" + html_escape(word(term::progress_by_area, l)) + "</h2>\n";
  area_chart(out, m);
  out += "<ul class=\"legend\">";
  for (const auto s : status_order)
    out += "<li><span class=\"sw\" style=\"background:" + std::string(status_color(s)) + "\"></span>" + html_escape(status_label(s, l)) + "</li>";
  out += "</ul>\n</section>\n";

  out += "<section>\n<h2>" + html_escape(word(term::early_warning, l)) + "</h2>\n";
  if (m.warnings.empty()) {
    out += "<p>" + html_escape(word(term::no_warnings, l)) + "</p>\n";
  } else {
    out += "<table class=\"warn\">\n<thead><tr>";
    std::vector<term> heads{term::id};
    if (m.several_regions) heads.push_back(term::region);
    for (const auto t : {term::indicator, term::warning_kind, term::notes}) heads.push_back(t);
    for (const auto t : heads) out += "<th>" + html_escape(word(t, l)) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& w : m.warnings) {
      out += "<tr><td class=\"id\">" + html_escape(w.r->rule->id) + "</td>";
      if (m.several_regions) out += "<td>" + html_escape(m.region_name(w.r->o->region)) + "</td>";
      out += "<td>" + html_escape(indicator_label(w.r->indicator, l)) + "</td>";
      out += "<td class=\"kind " + std::string(w.volatility ? "p-warn" : "p-bad") + "\">" +
             html_escape(word(w.volatility ? term::volatile_series : term::needs_attention, l)) + "</td>";
      out += "<td>" + html_escape(warning_message(w, l)) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";

  bool any_chart = false;
  for (const auto& group : m.areas) {
    out += "<section>\n<h2>" + html_escape(area_label(group.area, l));
    const auto full = area_title(result.program().plan(), group.area);
    if (zh && !full.empty()) out += "<span class=\"sub\">" + html_escape(full) + "</span>";
    out += "</h2>\n";
    if (!group.rows.empty()) {
      out += "<h3>" + html_escape(word(term::measurable_goals, l)) + "</h3>\n";
      rules_table(out, m, group);
    }
    if (!group.qualitative.empty()) {
      out += "<h3>" + html_escape(word(term::qualitative, l)) + "</h3>\n<table class=\"qual\">\n<thead><tr>";
      out += "<th>" + html_escape(word(term::id, l)) + "</th>";
      out += "<th>" + html_escape(word(term::reason, l)) + "</th><th>" + html_escape(word(term::source, l)) + "</th></tr></thead>\n<tbody>\n";
      for (const auto* r : one_per_rule(group.qualitative)) {
        out += "<tr><td class=\"id\">" + html_escape(r->rule->id) + "</td>";
        out += "<td>" + html_escape(r->rule->reason) + "</td><td>" + html_escape(r->rule->source) + "</td></tr>\n";
      }
      out += "</tbody>\n</table>\n";
    }
    if (m.options.trend_charts) {
      const auto charts = trend_charts(m, group);
      if (!charts.empty()) {
        any_chart = true;
        out += "<h3>" + html_escape(word(term::trend_of, l)) + "</h3>\n<div class=\"charts\">\n";
        for (const auto& chart : charts) {
          const auto& r = *chart.first;
          out += "<figure>\n<figcaption><strong>" + html_escape(indicator_label(r.indicator, l)) + "</strong>";
          if (!r.compiled->slice.empty()) out += " [" + html_escape(r.compiled->slice) + "]";
          if (m.several_regions) {
            out += " · ";
            out += html_escape(m.region_name(chart.region));
          }
          out += "<span class=\"st\">";
          for (const auto* row_of_chart : chart.rows) {
            out += " <span class=\"badge s-none\">" + html_escape(deadline_cell(*row_of_chart)) + "</span>";
            out += status_badge(row_of_chart->o->status, l, false);
          }
          out += "</span></figcaption>\n";
          trend_svg(out, m, chart);
          out += "</figure>\n";
        }
        out += "</div>\n";
      }
    }
    out += "</section>\n";
  }
  if (any_chart) {
    out += "<ul class=\"legend\"><li><span class=\"ln\"></span>" + html_escape(word(term::observed, l)) + "</li>";
    out += "<li><span class=\"ln proj\"></span>" + html_escape(word(term::projection, l)) + "</li>";
    out += "<li><span class=\"ln tgt\"></span>" + html_escape(word(term::target_line, l)) + "</li></ul>\n";
  }

  out += "<footer>\n<p>" + html_escape(std::string(word(term::legend_bound, l)) + (zh ? "；" : "; ") + std::string(word(term::legend_derived, l))) + "</p>\n";
  if (m.omitted > 0)
    out += "<p>" + html_escape(zh ? "另有 " + std::to_string(m.omitted) + " 条下级地区无数据的结果未列出（JSON 与 CSV 报告列出全部）。"
                                  : std::to_string(m.omitted) + " sub-region results without data are not listed (the JSON and CSV reports list all).") +
           "</p>\n";
  out += "<p>" + html_escape(word(term::method_note, l)) + "</p>\n";
  out += "<p>" + html_escape(std::string(word(term::generated_by, l)) + " " PLANRULES_VERSION_STRING) + "</p>\n</footer>\n";
  out += "</main>\n</body>\n</html>\n";
  return out;
}

} // namespace detail::reporting

PLANRULES_DECL std::string render_html(const evaluation& result, const report_options& options) {
  try {
    // The trend charts read the explanations even when the rows do not show them.
    const auto m = detail::reporting::build(result, options, true, true);
    return detail::reporting::html_report(m);
  } catch (...) {
    return {};
  }
}

} // namespace planrules

#endif
