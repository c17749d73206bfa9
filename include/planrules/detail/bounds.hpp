#ifndef PLANRULES_DETAIL_BOUNDS_HPP
#define PLANRULES_DETAIL_BOUNDS_HPP

// Interval reasoning over the rules of one plan, shared by lint and compare.
//
// Each indicator × disaggregation × region quantifier (a "slice") is a row of
// unknowns, one per year. A rule becomes constraints on that row: a bound on
// one year, the same bound on every year of a span, a monotone step between
// consecutive years, a bounded yearly change, or a multiple of another year's
// value (以2020年为基数下降20%, 年均提高6%). `solve` propagates bounds between
// years until nothing tightens, keeping for every end of every interval the
// rules it came from, so that a contradiction or an implication can be
// explained rule by rule. Plain code, no third-party types.

#include <planrules/checked_plan.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace planrules::detail::bounds {

inline constexpr double infinity = std::numeric_limits<double>::infinity();
inline constexpr std::size_t no_rule = static_cast<std::size_t>(-1);

// Targets go through unit conversion (0.28% → 2.8‰); compare with a relative tolerance.
inline bool nearly_equal(double a, double b) noexcept {
  if (a == b) return true;
  if (!std::isfinite(a) || !std::isfinite(b)) return false;
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

/// Shortest text of a number at 12 significant digits, independent of the locale.
inline std::string format_number(double v) {
  if (v == 0) v = 0; // no "-0"
  char buffer[40];
  auto r = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::general, 12);
  std::string s(buffer, r.ptr);
  if (s.find('e') != std::string::npos) { // prefer the shortest round-trip form over 1e+02
    r = std::to_chars(buffer, buffer + sizeof buffer, v);
    s.assign(buffer, r.ptr);
  }
  return s;
}

/// One end of an interval and the rules that put it there.
struct end {
  double value = 0;
  bool inclusive = false;
  std::vector<std::size_t> rules; ///< sorted, unique
  std::size_t origin = no_rule;   ///< the rule of the last step (the one stated at this year, for unary ends)
  bool domain = false;            ///< from the indicator's range (levels are never negative)
  bool bounded() const noexcept { return std::isfinite(value); }
};

inline end unbounded(double sign) { return end{sign * infinity, false, {}, no_rule, false}; }

inline void merge_rules(std::vector<std::size_t>& into, const std::vector<std::size_t>& more) {
  std::vector<std::size_t> out;
  std::set_union(into.begin(), into.end(), more.begin(), more.end(), std::back_inserter(out));
  into = std::move(out);
}

inline void add_rule(std::vector<std::size_t>& into, std::size_t rule) {
  if (rule == no_rule) return;
  const auto at = std::lower_bound(into.begin(), into.end(), rule);
  if (at == into.end() || *at != rule) into.insert(at, rule);
}

/// > 0 when `a` is the tighter lower end, 0 when they are the same, < 0 when looser.
inline int compare_low(const end& a, const end& b) noexcept {
  if (!a.bounded() && !b.bounded()) return 0;
  if (!nearly_equal(a.value, b.value)) return a.value > b.value ? 1 : -1;
  if (a.inclusive == b.inclusive) return 0;
  return a.inclusive ? -1 : 1; // x > 3 is tighter than x >= 3
}

/// > 0 when `a` is the tighter upper end, 0 when they are the same, < 0 when looser.
inline int compare_high(const end& a, const end& b) noexcept {
  if (!a.bounded() && !b.bounded()) return 0;
  if (!nearly_equal(a.value, b.value)) return a.value < b.value ? 1 : -1;
  if (a.inclusive == b.inclusive) return 0;
  return a.inclusive ? -1 : 1;
}

struct interval {
  end low = unbounded(-1);
  end high = unbounded(1);

  /// No value lies in it: low above high, or both at one value with an open end.
  bool empty() const noexcept {
    if (!low.bounded() || !high.bounded()) return false;
    if (nearly_equal(low.value, high.value)) return !(low.inclusive && high.inclusive);
    return low.value > high.value;
  }
  bool bounded() const noexcept { return low.bounded() || high.bounded(); }
};

inline bool tighten_low(interval& i, const end& e) {
  if (compare_low(e, i.low) <= 0) return false;
  i.low = e;
  return true;
}
inline bool tighten_high(interval& i, const end& e) {
  if (compare_high(e, i.high) <= 0) return false;
  i.high = e;
  return true;
}

/// Every value of `inner` lies in `outer`, judged on the ends `outer` has.
inline bool within(const interval& inner, const interval& outer) noexcept {
  if (outer.low.bounded() && compare_low(inner.low, outer.low) < 0) return false;
  if (outer.high.bounded() && compare_high(inner.high, outer.high) < 0) return false;
  return true;
}

/// What a rule says about the years of its slice.
struct constraint {
  enum class kind : unsigned char {
    unary,      ///< value(y) in `bound` for each y in `years`
    monotone,   ///< value(y+1) below (down) or above value(y), for first ≤ y < last
    difference, ///< value(y) − value(y−1) in [step_low, step_high], for first < y ≤ last
    ratio,      ///< value(year) op k × value(base)
  };
  kind what = kind::unary;
  std::size_t rule = no_rule;
  std::vector<int> years;
  interval bound;
  int first = 0, last = 0;
  bool down = true, strict = true;
  end step_low = unbounded(-1), step_high = unbounded(1);
  int year = 0, base = 0;
  double k = 1;
  bool upper = false, lower = false; ///< ratio: value(year) ≤ k·value(base) and/or ≥
};

/// The row of unknowns of one slice, and what the rules say about it.
struct system {
  bool nonnegative = true; ///< levels of ratios, counts, rates, money and durations are never negative
  std::vector<constraint> constraints;

  std::pair<int, int> years() const {
    int lo = std::numeric_limits<int>::max(), hi = std::numeric_limits<int>::min();
    auto see = [&](int y) { lo = std::min(lo, y), hi = std::max(hi, y); };
    for (const auto& c : constraints) {
      for (const int y : c.years) see(y);
      if (c.what == constraint::kind::monotone || c.what == constraint::kind::difference) see(c.first), see(c.last);
      if (c.what == constraint::kind::ratio) see(c.year), see(c.base);
    }
    if (lo > hi) return {0, -1};
    return {lo, hi};
  }
};

/// Bounds per year after propagation.
struct solution {
  int first_year = 0;
  std::vector<interval> years;
  std::optional<int> empty_year; ///< the first year no value fits, if any
  std::vector<int> empty_years;  ///< every year no value fits when propagation stopped
  interval domain;

  const interval& at(int year) const {
    if (year < first_year || year >= first_year + static_cast<int>(years.size())) return domain;
    return years[static_cast<std::size_t>(year - first_year)];
  }
};

namespace steps {

// An end moved by a constraint: value(to) relates to value(from) as `e` relates to the new end.
inline end carried(const end& from, double value, bool inclusive, std::size_t rule) {
  end e;
  e.value = value;
  e.inclusive = inclusive;
  e.rules = from.rules;
  add_rule(e.rules, rule);
  e.origin = rule;
  e.domain = from.domain;
  return e;
}

inline end combined(const end& a, const end& b, double value, bool inclusive, std::size_t rule) {
  end e = carried(a, value, inclusive, rule);
  merge_rules(e.rules, b.rules);
  e.domain = a.domain || b.domain;
  return e;
}

} // namespace steps

/// Propagates the constraints of `sys` until no bound tightens (or the row is empty).
inline solution solve(const system& sys) {
  solution s;
  const auto [lo, hi] = sys.years();
  if (sys.nonnegative) s.domain.low = end{0, true, {}, no_rule, true};
  s.first_year = lo;
  if (hi < lo) return s;
  s.years.assign(static_cast<std::size_t>(hi - lo + 1), s.domain);
  auto slot = [&](int y) -> interval& { return s.years[static_cast<std::size_t>(y - lo)]; };

  for (const auto& c : sys.constraints) {
    if (c.what != constraint::kind::unary) continue;
    for (const int y : c.years) {
      auto low = c.bound.low, high = c.bound.high;
      if (low.bounded()) low.rules = {c.rule}, low.origin = c.rule;
      if (high.bounded()) high.rules = {c.rule}, high.origin = c.rule;
      tighten_low(slot(y), low);
      tighten_high(slot(y), high);
    }
  }

  using steps::carried;
  const int rounds = 2 * static_cast<int>(s.years.size()) + 8;
  for (int round = 0; round < rounds; ++round) {
    bool changed = false;
    for (const auto& c : sys.constraints) {
      switch (c.what) {
      case constraint::kind::unary: break;
      case constraint::kind::monotone:
        for (int y = c.first; y < c.last; ++y) {
          auto& a = slot(y);
          auto& b = slot(y + 1);
          // down: b < a, so b's upper end follows a's and a's lower end follows b's; up: the mirror.
          const auto& high_source = c.down ? a.high : b.high;
          auto& high_target = c.down ? b : a;
          const auto& low_source = c.down ? b.low : a.low;
          auto& low_target = c.down ? a : b;
          if (high_source.bounded())
            changed |= tighten_high(high_target,
                                    carried(high_source, high_source.value, high_source.inclusive && !c.strict, c.rule));
          if (low_source.bounded())
            changed |= tighten_low(low_target,
                                   carried(low_source, low_source.value, low_source.inclusive && !c.strict, c.rule));
        }
        break;
      case constraint::kind::difference:
        for (int y = c.first + 1; y <= c.last; ++y) {
          auto& a = slot(y - 1);
          auto& b = slot(y);
          const auto& dl = c.step_low;
          const auto& dh = c.step_high;
          if (a.high.bounded() && dh.bounded())
            changed |= tighten_high(b, carried(a.high, a.high.value + dh.value, a.high.inclusive && dh.inclusive, c.rule));
          if (a.low.bounded() && dl.bounded())
            changed |= tighten_low(b, carried(a.low, a.low.value + dl.value, a.low.inclusive && dl.inclusive, c.rule));
          if (b.high.bounded() && dl.bounded())
            changed |= tighten_high(a, carried(b.high, b.high.value - dl.value, b.high.inclusive && dl.inclusive, c.rule));
          if (b.low.bounded() && dh.bounded())
            changed |= tighten_low(a, carried(b.low, b.low.value - dh.value, b.low.inclusive && dh.inclusive, c.rule));
        }
        break;
      case constraint::kind::ratio: {
        auto& target = slot(c.year);
        auto& base = slot(c.base);
        const bool inclusive = !c.strict;
        if (c.upper) { // value(year) ≤ k·value(base)
          if (base.high.bounded())
            changed |= tighten_high(target, carried(base.high, c.k * base.high.value, base.high.inclusive && inclusive, c.rule));
          if (target.low.bounded())
            changed |= tighten_low(base, carried(target.low, target.low.value / c.k, target.low.inclusive && inclusive, c.rule));
        }
        if (c.lower) { // value(year) ≥ k·value(base)
          if (base.low.bounded())
            changed |= tighten_low(target, carried(base.low, c.k * base.low.value, base.low.inclusive && inclusive, c.rule));
          if (target.high.bounded())
            changed |= tighten_high(base, carried(target.high, target.high.value / c.k, target.high.inclusive && inclusive, c.rule));
        }
        break;
      }
      }
    }
    for (std::size_t i = 0; i < s.years.size(); ++i)
      if (s.years[i].empty()) s.empty_years.push_back(lo + static_cast<int>(i));
    if (!s.empty_years.empty()) {
      s.empty_year = s.empty_years.front();
      return s;
    }
    if (!changed) break;
  }
  return s;
}

/// The relation a set of constraints forces between value(y) and value(y+1):
/// 0 none, 1 non-strict, 2 strict; per direction.
struct step_relation {
  int down = 0, up = 0;
  std::vector<std::size_t> down_rules, up_rules;
};

/// Step relations for y in [first, last), from monotone and difference constraints.
inline std::map<int, step_relation> step_relations(const std::vector<const constraint*>& constraints) {
  std::map<int, step_relation> out;
  auto note = [&](int y, bool down, int strength, std::size_t rule) {
    auto& r = out[y];
    int& level = down ? r.down : r.up;
    auto& rules = down ? r.down_rules : r.up_rules;
    if (strength > level) level = strength, rules = {rule};
  };
  for (const auto* c : constraints) {
    if (c->what == constraint::kind::monotone) {
      for (int y = c->first; y < c->last; ++y) note(y, c->down, c->strict ? 2 : 1, c->rule);
    } else if (c->what == constraint::kind::difference) {
      int down = 0, up = 0;
      if (c->step_high.bounded()) down = c->step_high.value < 0 && !nearly_equal(c->step_high.value, 0) ? 2
                                         : nearly_equal(c->step_high.value, 0) ? (c->step_high.inclusive ? 1 : 2) : 0;
      if (c->step_low.bounded()) up = c->step_low.value > 0 && !nearly_equal(c->step_low.value, 0) ? 2
                                     : nearly_equal(c->step_low.value, 0) ? (c->step_low.inclusive ? 1 : 2) : 0;
      for (int y = c->first; y < c->last; ++y) {
        if (down) note(y, true, down, c->rule);
        if (up) note(y, false, up, c->rule);
      }
    }
  }
  return out;
}

// Rules → constraints ----------------------------------------------------------------------------

/// The row a rule speaks about: indicator, disaggregation, region quantifier.
struct slice {
  catalogue::index indicator = catalogue::npos;
  std::vector<std::pair<std::string, std::string>> filters; ///< sorted
  std::vector<ast::scope> scopes;
  std::string key; ///< filters and quantifiers as text, "" for the region total
};

inline std::string scope_text(const ast::scope& s) {
  switch (s.what) {
  case ast::scope::kind::every_year: return "every year";
  case ast::scope::kind::every_region: return "every " + std::string(ast::to_string(s.level));
  case ast::scope::kind::at_least:
    return "at least " + (s.count ? s.count->text : std::string("?")) + (s.count_is_share ? "%" : "") + " of " +
           std::string(ast::to_string(s.level));
  }
  return {};
}

inline slice slice_of(catalogue::index indicator, const std::vector<ast::filter>& filters,
                      const std::vector<ast::scope>& scopes) {
  slice s;
  s.indicator = indicator;
  for (const auto& f : filters) s.filters.emplace_back(f.key, f.value);
  std::sort(s.filters.begin(), s.filters.end());
  s.scopes = scopes;
  std::sort(s.scopes.begin(), s.scopes.end(), [](const ast::scope& a, const ast::scope& b) {
    return std::pair(static_cast<int>(a.what), static_cast<int>(a.level)) <
           std::pair(static_cast<int>(b.what), static_cast<int>(b.level));
  });
  std::string key;
  if (!s.filters.empty()) {
    key += "[";
    for (std::size_t i = 0; i < s.filters.size(); ++i) key += (i ? "," : "") + s.filters[i].first + "=" + s.filters[i].second;
    key += "]";
  }
  for (const auto& sc : s.scopes) key += (key.empty() ? "" : " ") + scope_text(sc);
  s.key = std::move(key);
  return s;
}

/// A rule read as constraints on its slice; `analysed` is false for rules the
/// reasoning does not cover (qualitative, general arithmetic, ≠).
struct translated {
  bool analysed = false;
  slice where;
  constraint c;
};

inline std::vector<int> span_years(const ast::year_range& r) {
  std::vector<int> ys;
  for (int y = r.first; y <= r.last; ++y) ys.push_back(y);
  return ys;
}

// The interval `op constant` describes; false for ≠.
inline bool interval_of(ast::compare_op op, double v, interval& out) {
  switch (op) {
  case ast::compare_op::less: out.high = end{v, false}; return true;
  case ast::compare_op::less_equal: out.high = end{v, true}; return true;
  case ast::compare_op::greater: out.low = end{v, false}; return true;
  case ast::compare_op::greater_equal: out.low = end{v, true}; return true;
  case ast::compare_op::equal: out.low = end{v, true}, out.high = end{v, true}; return true;
  case ast::compare_op::not_equal: return false;
  }
  return false;
}

inline bool is_value_of(const checked_expression& e, const checked_rule& r) {
  return e.what == checked_expression::kind::value && e.scale == 1 && e.indicator == r.indicator;
}

inline bool constant_of(const std::optional<checked_expression>& e, double& out) {
  if (!e || e->what != checked_expression::kind::constant) return false;
  out = e->constant * e->scale;
  return std::isfinite(out);
}

inline translated translate(const checked_plan& plan, std::size_t index) {
  const auto& r = plan.rules[index];
  translated t;
  if (r.indicator == catalogue::npos) return t;
  t.where = slice_of(r.indicator, r.filters, r.region_scopes);
  auto& c = t.c;
  c.rule = index;
  double v = 0, lo = 0, hi = 0;
  switch (r.kind) {
  case rule_kind::bound:
  case rule_kind::every_year_bound:
    if (!is_value_of(r.lhs, r) || !constant_of(r.rhs, v) || !interval_of(r.op, v, c.bound)) return t;
    if (r.kind == rule_kind::bound) {
      if (!r.year) return t;
      c.years = {*r.year};
    } else {
      if (!r.span) return t;
      c.years = span_years(*r.span);
    }
    c.what = constraint::kind::unary;
    t.analysed = !c.years.empty();
    return t;
  case rule_kind::general:
    // value in [low, high], at a year or in every year
    if (!r.low || !r.high || !is_value_of(r.lhs, r) || !constant_of(r.low, lo) || !constant_of(r.high, hi)) return t;
    c.bound.low = end{lo, r.low_inclusive};
    c.bound.high = end{hi, r.high_inclusive};
    if (r.lhs.year) c.years = {*r.lhs.year};
    else if (r.span) c.years = span_years(*r.span);
    else return t;
    c.what = constraint::kind::unary;
    t.analysed = !c.years.empty();
    return t;
  case rule_kind::trend:
    if (!r.direction || !r.span || r.span->first >= r.span->last) return t;
    c.what = constraint::kind::monotone;
    c.first = r.span->first, c.last = r.span->last;
    c.down = *r.direction == ast::trend_direction::decreasing || *r.direction == ast::trend_direction::non_increasing;
    c.strict = *r.direction == ast::trend_direction::decreasing || *r.direction == ast::trend_direction::increasing;
    t.analysed = true;
    return t;
  case rule_kind::yearly_change:
    if (!r.span || r.span->first >= r.span->last) return t;
    if (r.low && r.high) {
      if (!constant_of(r.low, lo) || !constant_of(r.high, hi)) return t;
      c.step_low = end{lo, r.low_inclusive};
      c.step_high = end{hi, r.high_inclusive};
    } else {
      interval i;
      if (!constant_of(r.rhs, v) || !interval_of(r.op, v, i)) return t;
      c.step_low = i.low, c.step_high = i.high;
    }
    // Changes are counted between years inside the span only, the cautious reading.
    c.what = constraint::kind::difference;
    c.first = r.span->first, c.last = r.span->last;
    t.analysed = true;
    return t;
  case rule_kind::baseline_relative: {
    if (!r.year || !r.baseline_year || !r.baseline_factor || *r.baseline_factor <= 0) return t;
    if (r.op == ast::compare_op::not_equal) return t;
    c.what = constraint::kind::ratio;
    c.year = *r.year, c.base = *r.baseline_year, c.k = *r.baseline_factor;
    c.upper = r.op == ast::compare_op::less || r.op == ast::compare_op::less_equal || r.op == ast::compare_op::equal;
    c.lower = r.op == ast::compare_op::greater || r.op == ast::compare_op::greater_equal || r.op == ast::compare_op::equal;
    c.strict = r.op == ast::compare_op::less || r.op == ast::compare_op::greater;
    t.analysed = true;
    return t;
  }
  case rule_kind::growth: {
    if (!r.span || r.op == ast::compare_op::not_equal || !constant_of(r.rhs, v) || v <= -1) return t;
    // (x_b / x_a)^(1/n) − 1 ≥ g  ⇔  x_b ≥ (1+g)^n · x_a, for positive values
    c.what = constraint::kind::ratio;
    c.year = r.span->last, c.base = r.span->first;
    c.k = std::pow(1 + v, r.span->last - r.span->first);
    c.upper = r.op == ast::compare_op::less || r.op == ast::compare_op::less_equal || r.op == ast::compare_op::equal;
    c.lower = r.op == ast::compare_op::greater || r.op == ast::compare_op::greater_equal || r.op == ast::compare_op::equal;
    c.strict = r.op == ast::compare_op::less || r.op == ast::compare_op::greater;
    t.analysed = c.k > 0;
    return t;
  }
  case rule_kind::qualitative: return t;
  }
  return t;
}

/// Levels of every dimension but plain numbers are never negative.
inline bool nonnegative(const checked_plan& plan, catalogue::index indicator) {
  return indicator != catalogue::npos && plan.catalogue[indicator].unit.dimension != dimension::number;
}

// Words ------------------------------------------------------------------------------------------

/// "infant_mortality (婴儿死亡率)".
inline std::string indicator_label(const checked_plan& plan, catalogue::index i) {
  if (i == catalogue::npos) return "?";
  const auto& info = plan.catalogue[i];
  return info.name.empty() ? info.id : info.id + " (" + info.name + ")";
}

/// A value in the indicator's unit: "2.8‰", "90%", "1.12名/千名儿童".
inline std::string quantity_text(const checked_plan& plan, catalogue::index i, double v) {
  const auto& symbol = i == catalogue::npos ? std::string() : plan.catalogue[i].unit.symbol;
  return format_number(v) + symbol;
}

inline std::string low_text(const checked_plan& plan, catalogue::index i, const end& e) {
  return (e.inclusive ? "≥ " : "> ") + quantity_text(plan, i, e.value);
}
inline std::string high_text(const checked_plan& plan, catalogue::index i, const end& e) {
  return (e.inclusive ? "≤ " : "< ") + quantity_text(plan, i, e.value);
}

inline std::string years_text(int first, int last) {
  return first == last ? std::to_string(first) : std::to_string(first) + "–" + std::to_string(last);
}

/// "rule health.3.2 (line 30) `infant_mortality_2025 <= 3‰`".
inline std::string rule_label(const checked_plan& plan, std::size_t index) {
  const auto& r = plan.rules[index];
  return "rule " + r.id + " (line " + std::to_string(r.location.line) + ") `" + r.text + "`";
}

/// What a rule requires, in plain words.
inline std::string reading(const checked_plan& plan, const translated& t) {
  const auto& c = t.c;
  const auto i = t.where.indicator;
  const auto name = plan.catalogue[i].id + (t.where.key.empty() ? "" : " " + t.where.key);
  switch (c.what) {
  case constraint::kind::unary: {
    std::string what;
    if (c.bound.low.bounded() && c.bound.high.bounded() && nearly_equal(c.bound.low.value, c.bound.high.value) &&
        c.bound.low.inclusive && c.bound.high.inclusive)
      what = "= " + quantity_text(plan, i, c.bound.low.value);
    else {
      if (c.bound.low.bounded()) what += low_text(plan, i, c.bound.low);
      if (c.bound.high.bounded()) what += (what.empty() ? "" : " and ") + high_text(plan, i, c.bound.high);
    }
    if (c.years.size() == 1) return "requires " + name + " " + what + " in " + std::to_string(c.years.front());
    return "requires " + name + " " + what + " in every year " + years_text(c.years.front(), c.years.back());
  }
  case constraint::kind::monotone:
    return std::string("requires ") + name + " to " + (c.down ? "fall" : "rise") + (c.strict ? "" : " or stay level") +
           " from each year to the next, " + years_text(c.first, c.last);
  case constraint::kind::difference: {
    std::string range = (c.step_low.inclusive ? "[" : "(") +
                        (c.step_low.bounded() ? format_number(c.step_low.value) : std::string("-∞")) + ", " +
                        (c.step_high.bounded() ? format_number(c.step_high.value) : std::string("∞")) +
                        (c.step_high.inclusive ? "]" : ")");
    const auto& u = plan.catalogue[i].unit;
    return "requires the yearly change of " + name + " to lie in " + range + " " +
           (u.dimension == dimension::ratio ? std::string("pp") : u.symbol) + ", " + years_text(c.first, c.last);
  }
  case constraint::kind::ratio: {
    const std::string op = c.upper && c.lower ? "=" : c.upper ? (c.strict ? "<" : "≤") : (c.strict ? ">" : "≥");
    return "requires " + name + " in " + std::to_string(c.year) + " " + op + " " + format_number(std::round(c.k * 1e6) / 1e6) + " × its " +
           std::to_string(c.base) + " value";
  }
  }
  return {};
}

} // namespace planrules::detail::bounds

#endif
