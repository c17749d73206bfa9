#ifndef PLANRULES_IMPL_PROGRESS_IPP
#define PLANRULES_IMPL_PROGRESS_IPP

#include <planrules/progress.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <vector>

namespace planrules::progress {

namespace detail {

struct point {
  int year;
  double value;
};

// Observations sorted by year, one per year, finite values only.
struct cleaned {
  std::vector<point> points;
  std::size_t ignored = 0;
  progress_issue issue = progress_issue::none;
  std::string reason;
};

// Open SDG's published score lines, with their rounded constants (50/7, 30/7, 25/6):
// the rounding errs towards the band a boundary belongs to (R = 0.95 scores 2.500055).
inline constexpr double upper_slope = 7.1429;
inline constexpr double upper_offset = 4.2857;
inline constexpr double lower_slope = 4.1667;
inline constexpr double lower_offset = 2.5;

// std::to_chars ignores the locale; printf and iostreams would not.
inline std::string number(double v) {
  std::array<char, 32> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), res.ptr);
}

inline std::string number(long long v) {
  std::array<char, 24> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), res.ptr);
}

inline std::string year(int y) { return number(static_cast<long long>(y)); }

inline void note(std::string& reason, std::string_view text) {
  if (!reason.empty()) reason += "; ";
  reason += text;
}

inline int direction_sign(ast::better_direction b) noexcept { return b == ast::better_direction::higher ? 1 : -1; }

// Civil Code art. 1259: a target "以上/以下" includes the number, so meeting is inclusive.
inline bool meets(double value, double target_value, int d) noexcept {
  return d > 0 ? value >= target_value : value <= target_value;
}

// Zero is compatible with either sign: a growth rate to or from zero is defined
// once the zero base or target has been replaced.
inline bool opposite_signs(double a, double b) noexcept { return (a < 0 && b > 0) || (a > 0 && b < 0); }

// The replacement takes the sign of the value it is compared with, so that a
// negative series keeps a ratio of values that is positive.
inline double replace_zero(double v, double like, double replacement) noexcept {
  if (v != 0) return v;
  return like < 0 ? -replacement : replacement;
}

inline double growth(double v1, double v0, double years) { return std::pow(v1 / v0, 1.0 / years) - 1.0; }

inline cleaned clean(observations s) {
  cleaned out;
  if (s.years.size() != s.values.size()) {
    out.issue = progress_issue::length_mismatch;
    out.reason = number(static_cast<long long>(s.years.size())) + " years but " +
                 number(static_cast<long long>(s.values.size())) + " values";
    return out;
  }
  std::vector<point> all;
  all.reserve(s.years.size());
  for (std::size_t i = 0; i < s.years.size(); ++i) {
    if (std::isfinite(s.values[i])) all.push_back({s.years[i], s.values[i]});
    else ++out.ignored;
  }
  std::stable_sort(all.begin(), all.end(), [](const point& a, const point& b) { return a.year < b.year; });
  out.points.reserve(all.size());
  for (const auto& p : all) {
    if (!out.points.empty() && out.points.back().year == p.year) {
      // The same figure reported twice is harmless; two different figures for one
      // year leave the series ambiguous, and picking one would hide a data error.
      if (out.points.back().value != p.value) {
        out.issue = progress_issue::duplicate_year;
        out.reason = year(p.year) + " is observed twice, as " + number(out.points.back().value) + " and " +
                     number(p.value);
        out.points.clear();
        return out;
      }
      continue;
    }
    out.points.push_back(p);
  }
  return out;
}

template <class Result>
Result& refuse(Result& r, progress_class cls, progress_issue issue, std::string reason) {
  r.cls = cls;
  r.issue = issue;
  note(r.reason, reason);
  return r;
}

// Checks shared by the methods. False when no verdict is possible.
inline bool check_inputs(const target& goal, bool needs_value, const progress_options& o, assessment& a) {
  a.target_year = goal.year;
  a.target_value = goal.value;
  if (goal.better != ast::better_direction::higher && goal.better != ast::better_direction::lower) {
    refuse(a, progress_class::not_assessable, progress_issue::direction_unspecified,
           "the indicator does not say whether higher or lower values are better");
    return false;
  }
  if (goal.value && !std::isfinite(*goal.value)) {
    refuse(a, progress_class::not_assessable, progress_issue::invalid_target, "the target value is not a finite number");
    return false;
  }
  if (needs_value && !goal.value) {
    refuse(a, progress_class::not_assessable, progress_issue::no_target, "the method needs a numeric target");
    return false;
  }
  if (!(std::isfinite(o.zero_replacement) && o.zero_replacement > 0)) {
    refuse(a, progress_class::not_assessable, progress_issue::invalid_option,
           "zero_replacement must be a positive finite number");
    return false;
  }
  return true;
}

struct window {
  std::size_t base = 0;
  std::size_t latest = 0;
};

// t0 is the base year or the first later year with data; t the last year up to T
// (t = t0 when only one observation qualifies). Observations after T are left
// out: a deadline that has passed is judged on the years up to it. False when no
// verdict is possible.
inline bool pick_window(const cleaned& c, int base_year, int target_year, assessment& a, window& w) {
  a.ignored = c.ignored;
  if (c.issue != progress_issue::none) {
    refuse(a, progress_class::not_assessable, c.issue, c.reason);
    return false;
  }
  if (target_year <= base_year) {
    refuse(a, progress_class::not_assessable, progress_issue::target_year_not_after_base,
           "the target year " + year(target_year) + " is not after the base year " + year(base_year));
    return false;
  }
  const auto& p = c.points;
  const auto first = std::find_if(p.begin(), p.end(), [&](const point& q) { return q.year >= base_year; });
  if (first == p.end() || first->year > target_year) {
    refuse(a, progress_class::insufficient_data, progress_issue::no_data_from_base_year,
           "no observation from the base year " + year(base_year) + " to the target year " + year(target_year));
    return false;
  }
  w.base = static_cast<std::size_t>(first - p.begin());
  a.base_year = first->year;
  a.base_value = first->value;
  const auto after = std::upper_bound(first, p.end(), target_year,
                                      [](int y, const point& q) { return y < q.year; });
  a.truncated = after != p.end();
  w.latest = static_cast<std::size_t>(after - p.begin()) - 1;
  a.latest_year = p[w.latest].year;
  a.latest_value = p[w.latest].value;
  a.points = w.latest - w.base + 1;
  if (a.truncated)
    note(a.reason, "observations after the target year " + year(target_year) + " were left out");
  return true;
}

// A trend needs two observations; an achieved target does not, so callers ask
// this only after the achieved check.
template <class Result>
bool too_few_points(Result& r, int base_year) {
  if (r.points >= 2) return false;
  refuse(r, progress_class::insufficient_data, progress_issue::too_few_points,
         "only one observation (" + year(r.base_year) + ") from the base year " + year(base_year) +
             " to the target year; a trend needs two");
  return true;
}

} // namespace detail

PLANRULES_DECL std::optional<double> cagr(int t0, double v0, int t1, double v1) noexcept {
  if (t1 <= t0 || v0 == 0 || !std::isfinite(v0) || !std::isfinite(v1) ||
      detail::opposite_signs(v0, v1))
    return std::nullopt;
  const double g = detail::growth(v1, v0, static_cast<double>(t1) - t0);
  if (!std::isfinite(g)) return std::nullopt;
  return g;
}

PLANRULES_DECL progress_class classify_ratio(double ratio) noexcept {
  if (ratio >= 0.95) return progress_class::on_track;
  if (ratio >= 0.6) return progress_class::needs_acceleration;
  if (ratio >= 0) return progress_class::limited_progress;
  return progress_class::moving_away;
}

PLANRULES_DECL progress_class classify_growth(double p) noexcept {
  if (p >= 0.015) return progress_class::on_track;
  if (p >= 0.005) return progress_class::needs_acceleration;
  if (p >= 0) return progress_class::limited_progress;
  return progress_class::moving_away;
}

PLANRULES_DECL double ratio_score(double ratio) noexcept {
  using namespace detail;
  if (ratio >= 0.6) return std::min(upper_slope * ratio - upper_offset, 5.0);
  return std::max(lower_slope * ratio - lower_offset, -5.0);
}

PLANRULES_DECL double growth_score(double p) noexcept {
  // Open SDG's figure 1: straight lines through (−2 %, −5), (0, −2.5), (0.5 %, 0),
  // (1.5 %, 2.5) and (2 %, 5), so that the class thresholds sit on the score bands.
  if (p <= -0.02) return -5.0;
  if (p < 0) return -2.5 + 125.0 * p;
  if (p < 0.005) return -2.5 + 500.0 * p;
  if (p < 0.015) return 250.0 * (p - 0.005);
  if (p < 0.02) return 2.5 + 500.0 * (p - 0.015);
  return 5.0;
}

PLANRULES_DECL progress_class classify_score(double score) noexcept {
  if (score >= 2.5) return progress_class::on_track;
  if (score >= 0) return progress_class::needs_acceleration;
  if (score >= -2.5) return progress_class::limited_progress;
  return progress_class::moving_away;
}

PLANRULES_DECL growth_ratio_result growth_ratio(observations series, const target& goal,
                                                const progress_options& options) {
  using namespace detail;
  growth_ratio_result r;
  if (!check_inputs(goal, false, options, r)) return r;
  window w;
  if (!pick_window(clean(series), options.base_year, goal.year, r, w)) return r;

  const int d = direction_sign(goal.better);
  const double y0 = r.base_value;
  const double yt = r.latest_value;
  // Achieved is judged on the latest value alone, before any condition of the
  // growth model: a met target is met whatever the signs or the trend.
  const bool achieved = goal.value && meets(yt, *goal.value, d);
  if (achieved) {
    r.cls = progress_class::achieved;
    r.score = 5.0;
    if (r.points < 2) return r;
  } else if (too_few_points(r, options.base_year)) {
    return r;
  }
  // Past this point every failure only withholds numbers from an achieved series.
  const auto give_up = [&](progress_issue issue, std::string why) -> growth_ratio_result& {
    if (achieved) {
      note(r.reason, why);
      return r;
    }
    return refuse(r, progress_class::not_assessable, issue, std::move(why));
  };

  if (opposite_signs(y0, yt))
    return give_up(progress_issue::mixed_signs, "the base value " + number(y0) + " and the latest value " +
                                                    number(yt) + " differ in sign; a growth rate needs one sign");
  const double y0r = replace_zero(y0, yt, options.zero_replacement);
  if (y0r != y0) {
    r.zero_replaced = true;
    note(r.reason, "the base value 0 was replaced by " + number(y0r) + ", which can distort the result");
  }
  r.sign = y0r < 0 ? -1 : 1;
  const double observed = growth(yt, y0r, static_cast<double>(r.latest_year) - r.base_year);
  if (!std::isfinite(observed)) return give_up(progress_issue::overflow, "the observed growth rate is not finite");
  r.cagr_observed = observed;

  if (!goal.value) {
    const double p = r.sign * d * observed;
    r.ratio = p;
    r.cls = classify_growth(p);
    r.score = growth_score(p);
    return r;
  }

  const double yT = *goal.value;
  const double yTr = replace_zero(yT, y0r, options.zero_replacement);
  if (yTr != yT) {
    r.zero_replaced = true;
    note(r.reason, "the target value 0 was replaced by " + number(yTr) + ", which can distort the result");
  }
  if (opposite_signs(y0r, yTr))
    return give_up(progress_issue::mixed_signs, "the base value " + number(y0) + " and the target value " +
                                                    number(yT) + " differ in sign; a growth rate needs one sign");
  const double required = growth(yTr, y0r, static_cast<double>(goal.year) - r.base_year);
  if (!std::isfinite(required)) return give_up(progress_issue::overflow, "the required growth rate is not finite");
  r.cagr_required = required;

  if (required == 0) {
    // R would divide by zero. The base value equals the target, so a latest value
    // short of it lies on the wrong side of the base: moving away, lowest score.
    if (achieved) return r;
    r.cls = progress_class::moving_away;
    r.score = -5.0;
    r.issue = progress_issue::target_equals_base;
    note(r.reason, "the target equals the base value, so any shortfall is moving away");
    return r;
  }
  const double ratio = r.sign * d * observed / std::abs(required);
  if (!std::isfinite(ratio)) return give_up(progress_issue::overflow, "the growth ratio is not finite");
  r.ratio = ratio;
  if (achieved) return r;
  r.cls = classify_ratio(ratio);
  r.score = ratio_score(ratio);
  return r;
}

PLANRULES_DECL projection_result projection(observations series, const target& goal, const progress_options& options) {
  using namespace detail;
  projection_result r;
  if (!check_inputs(goal, false, options, r)) return r;
  window w;
  if (!pick_window(clean(series), options.base_year, goal.year, r, w)) return r;

  const int d = direction_sign(goal.better);
  const double y0 = r.base_value;
  const double yt = r.latest_value;
  const bool achieved = goal.value && meets(yt, *goal.value, d);
  if (achieved) {
    r.cls = progress_class::achieved;
    if (r.points < 2) return r;
  } else if (too_few_points(r, options.base_year)) {
    return r;
  }
  const auto give_up = [&](progress_issue issue, std::string why) -> projection_result& {
    if (achieved) {
      note(r.reason, why);
      return r;
    }
    return refuse(r, progress_class::not_assessable, issue, std::move(why));
  };

  if (opposite_signs(y0, yt))
    return give_up(progress_issue::mixed_signs, "the base value " + number(y0) + " and the latest value " +
                                                    number(yt) + " differ in sign; a growth rate needs one sign");
  const double y0r = replace_zero(y0, yt, options.zero_replacement);
  if (y0r != y0) {
    r.zero_replaced = true;
    note(r.reason, "the base value 0 was replaced by " + number(y0r) + " in CAGR_a, which can distort the result");
  }
  const double growth_rate = growth(yt, y0r, static_cast<double>(r.latest_year) - r.base_year);
  const double projected = yt * std::pow(1.0 + growth_rate, static_cast<double>(goal.year) - r.latest_year);
  if (!std::isfinite(growth_rate) || !std::isfinite(projected))
    return give_up(progress_issue::overflow, "the growth rate or the projection is not finite");
  r.cagr = growth_rate;
  r.projected = projected;

  if (!goal.value) {
    // For a negative series a falling ratio of values is a rising value; s turns
    // the rate back into the direction the values move (the UN note is silent).
    const double c = (y0r < 0 ? -1.0 : 1.0) * growth_rate;
    if (d > 0) r.cls = c >= 0.02 ? progress_class::on_track : c >= 0.005 ? progress_class::needs_acceleration
                                                                         : progress_class::limited_progress;
    else r.cls = c <= -0.02 ? progress_class::on_track : c <= -0.005 ? progress_class::needs_acceleration
                                                                    : progress_class::limited_progress;
    r.moving_away = d * c < 0;
    return r;
  }

  const double yT = *goal.value;
  const double required = yT - y0;
  if (d * required <= 0) {
    // The base already met the target (or equals it): the ratio's denominator has
    // the wrong sign and would call a slide away from the target "on track".
    if (achieved) return r;
    r.cls = progress_class::limited_progress;
    r.moving_away = true;
    r.issue = required == 0 ? progress_issue::target_equals_base : progress_issue::base_met_target;
    note(r.reason, required == 0 ? "the target equals the base value and the latest value falls short of it"
                                 : "the base value met the target and the latest value no longer does");
    return r;
  }
  const double ratio = (projected - y0) / required;
  r.ratio = ratio;
  if (achieved) return r;
  r.moving_away = ratio < 0;
  r.cls = ratio >= 0.95 ? progress_class::on_track
          : ratio >= 0.10 ? progress_class::needs_acceleration
                          : progress_class::limited_progress;
  return r;
}

PLANRULES_DECL escap_result escap(observations series, const target& goal, const progress_options& options) {
  using namespace detail;
  escap_result r;
  if (!check_inputs(goal, true, options, r)) return r;
  if (!(std::isfinite(options.recent_weight) && options.recent_weight > 0))
    return refuse(r, progress_class::not_assessable, progress_issue::invalid_option,
                  "recent_weight must be a positive finite number");
  const auto c = clean(series);
  window w;
  if (!pick_window(c, options.base_year, goal.year, r, w)) return r;

  const int d = direction_sign(goal.better);
  const double y0 = r.base_value;
  const double yt = r.latest_value;
  const double yT = *goal.value;
  const bool achieved = meets(yt, yT, d);
  if (achieved) r.cls = progress_class::achieved;

  // Weighted least squares over every year from first_fit_year to t, earlier than
  // the base year included (ESCAP fits from 2000 and measures from 2015). The
  // weight rises linearly from 1 at the first fitted year to recent_weight at t.
  std::vector<point> fit;
  for (std::size_t i = 0; i <= w.latest; ++i)
    if (c.points[i].year >= options.first_fit_year) fit.push_back(c.points[i]);
  r.fitted = fit.size();
  if (fit.size() < 2) {
    if (achieved) return r;
    return refuse(r, progress_class::insufficient_data, progress_issue::too_few_points,
                  "the regression needs two observations up to the target year");
  }
  const double first = fit.front().year;
  const double span = static_cast<double>(fit.back().year) - first;
  std::vector<double> weights;
  weights.reserve(fit.size());
  double sw = 0, st = 0, sy = 0;
  for (const auto& p : fit) {
    const double wt = 1.0 + (options.recent_weight - 1.0) * (p.year - first) / span;
    weights.push_back(wt);
    sw += wt;
    st += wt * p.year;
    sy += wt * p.value;
  }
  const double mean_t = st / sw;
  const double mean_y = sy / sw;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < fit.size(); ++i) {
    const double dt = fit[i].year - mean_t;
    sxy += weights[i] * dt * (fit[i].value - mean_y);
    sxx += weights[i] * dt * dt;
  }
  const double slope = sxy / sxx;
  const double projected = mean_y + slope * (goal.year - mean_t);
  if (!std::isfinite(slope) || !std::isfinite(projected)) {
    if (achieved) return r;
    return refuse(r, progress_class::not_assessable, progress_issue::overflow, "the regression is not finite");
  }
  r.slope = slope;
  r.projected = projected;

  const double required = yT - y0;
  if (d * required <= 0) {
    // No progress was required from the base: the shares would divide by zero or
    // have the wrong sign. The projection alone decides.
    if (achieved) return r;
    r.issue = required == 0 ? progress_issue::target_equals_base : progress_issue::base_met_target;
    r.cls = meets(projected, yT, d) ? progress_class::on_track : progress_class::moving_away;
    note(r.reason, required == 0 ? "the target equals the base value; the projection alone decides"
                                 : "the base value met the target; the projection alone decides");
    return r;
  }
  r.current_status = (yt - y0) / required;
  r.anticipated_share = (projected - y0) / required;
  r.anticipated_gap = (yT - projected) / required;
  if (achieved) return r;
  if (meets(projected, yT, d)) r.cls = progress_class::on_track;
  else if (*r.anticipated_share > 0) r.cls = progress_class::needs_acceleration;
  else r.cls = progress_class::moving_away;
  return r;
}

PLANRULES_DECL required_change_result required_change(observations series, const target& goal,
                                                      const progress_options& options) {
  using namespace detail;
  required_change_result r;
  r.model = options.model;
  r.target_year = goal.year;
  r.target_value = goal.value;
  const auto stop = [&](progress_issue issue, std::string why) -> required_change_result& {
    r.issue = issue;
    note(r.reason, why);
    return r;
  };
  if (goal.better != ast::better_direction::higher && goal.better != ast::better_direction::lower)
    return stop(progress_issue::direction_unspecified,
                "the indicator does not say whether higher or lower values are better");
  if (!goal.value) return stop(progress_issue::no_target, "there is no numeric target to reach");
  if (!std::isfinite(*goal.value)) return stop(progress_issue::invalid_target, "the target value is not a finite number");
  const auto c = clean(series);
  r.ignored = c.ignored;
  if (c.issue != progress_issue::none) return stop(c.issue, c.reason);
  const auto& p = c.points;
  const auto after = std::upper_bound(p.begin(), p.end(), goal.year, [](int y, const point& q) { return y < q.year; });
  r.truncated = after != p.end();
  if (after == p.begin())
    return stop(progress_issue::no_data_from_base_year, "no observation up to the target year " + year(goal.year));
  if (r.truncated) note(r.reason, "observations after the target year " + year(goal.year) + " were left out");
  const auto latest = static_cast<std::size_t>(after - p.begin()) - 1;
  const int d = direction_sign(goal.better);
  const double yt = p[latest].value;
  const double yT = *goal.value;
  r.latest_year = p[latest].year;
  r.latest_value = yt;
  r.years_left = goal.year - r.latest_year;
  r.already_met = meets(yt, yT, d);

  if (r.already_met) {
    r.per_year = 0.0;
    r.rate_per_year = 0.0;
  } else if (r.years_left == 0) {
    stop(progress_issue::deadline_reached, "the latest observation is from the target year; no year is left");
  } else {
    r.per_year = (yT - yt) / r.years_left;
    // A compound rate cannot start from zero, cross zero, or reach it.
    if (yt != 0 && yT != 0 && !opposite_signs(yt, yT)) r.rate_per_year = growth(yT, yt, r.years_left);
    else note(r.reason, "no compound rate leads from " + number(yt) + " to " + number(yT));
  }

  const auto first = std::find_if(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(latest),
                                  [&](const point& q) { return q.year >= options.base_year; });
  if (first == p.begin() + static_cast<std::ptrdiff_t>(latest)) {
    note(r.reason, "no trend: there is no observation from the base year " + year(options.base_year) +
                       " before the latest one");
    return r;
  }
  r.base_year = first->year;
  r.base_value = first->value;
  const double elapsed = static_cast<double>(r.latest_year) - r.base_year;
  r.observed_per_year = (yt - r.base_value) / elapsed;
  r.observed_rate = cagr(r.base_year, r.base_value, r.latest_year, yt);
  const double ahead = r.years_left;
  if (options.model == projection_model::linear) {
    r.projected = yt + *r.observed_per_year * ahead;
  } else if (r.observed_rate) {
    const double projected = yt * std::pow(1.0 + *r.observed_rate, ahead);
    if (std::isfinite(projected)) r.projected = projected;
  } else {
    note(r.reason, "no compound trend from " + number(r.base_value) + " to " + number(yt) +
                       "; the linear model can project it");
  }
  if (r.projected) r.projected_meets = meets(*r.projected, yT, d);
  return r;
}

PLANRULES_DECL volatility_result volatility(observations series, const volatility_options& options) {
  using namespace detail;
  volatility_result r;
  if (!(std::isfinite(options.threshold) && options.threshold >= 0)) {
    r.issue = progress_issue::invalid_option;
    r.reason = "threshold must be a non-negative finite number";
    return r;
  }
  // A series already in year order, one finite value per year, is read where it
  // lies: evaluation asks this of every series, and clean() would copy it twice.
  std::span<const int> years = series.years;
  std::span<const double> values = series.values;
  std::vector<int> cleaned_years;
  std::vector<double> cleaned_values;
  bool in_order = series.years.size() == series.values.size();
  for (std::size_t i = 0; in_order && i < series.years.size(); ++i)
    in_order = std::isfinite(series.values[i]) && (i == 0 || series.years[i] > series.years[i - 1]);
  if (!in_order) {
    const auto c = clean(series);
    r.ignored = c.ignored;
    if (c.issue != progress_issue::none) {
      r.issue = c.issue;
      r.reason = c.reason;
      return r;
    }
    for (const auto& q : c.points) {
      cleaned_years.push_back(q.year);
      cleaned_values.push_back(q.value);
    }
    years = cleaned_years;
    values = cleaned_values;
  }
  const std::size_t n = years.size();
  r.points = n;
  if (n < 3) {
    r.issue = progress_issue::too_few_points;
    r.reason = "fluctuation needs three observations (two changes)";
    return r;
  }
  // Changes per year, so that a gap of two years counts as two steps of half the size.
  const auto change_at = [&](std::size_t i) {
    return (values[i] - values[i - 1]) / (static_cast<double>(years[i]) - years[i - 1]);
  };
  // Evaluation asks this of every series: one pass gathers the sum of the changes,
  // the level and the reversals, and a short series keeps its changes on the stack
  // for the second pass (the spread) rather than dividing again.
  std::array<double, 64> kept;
  const bool keep = n - 1 <= kept.size();
  double sum = 0, level = 0;
  level += std::abs(values[0]);
  std::size_t reversals = 0;
  int previous = 0;
  for (std::size_t i = 1; i < n; ++i) {
    const double x = change_at(i);
    if (keep) kept[i - 1] = x;
    sum += x;
    level += std::abs(values[i]);
    const int sign = (x > 0) - (x < 0);
    if (sign == 0) continue; // a flat year neither continues nor reverses a direction
    if (previous != 0 && sign != previous) ++reversals;
    previous = sign;
  }
  r.changes = n - 1;
  r.reversals = reversals;
  const double mean = sum / static_cast<double>(n - 1);
  r.mean_change = mean;
  double squares = 0;
  for (std::size_t i = 1; i < n; ++i) {
    const double x = keep ? kept[i - 1] : change_at(i);
    squares += (x - mean) * (x - mean);
  }
  r.sd_change = std::sqrt(squares / static_cast<double>(n - 2));
  r.mean_level = level / static_cast<double>(n);
  r.dispersion = r.mean_level > 0 ? r.sd_change / r.mean_level : 0.0;
  r.flagged = r.reversals >= options.min_reversals && r.dispersion >= options.threshold;
  return r;
}

PLANRULES_DECL indicator_progress aggregate(std::span<const growth_ratio_result> series) {
  indicator_progress out;
  out.series = series.size();
  double sum = 0;
  for (const auto& s : series) {
    if (s.cls == progress_class::achieved) ++out.achieved;
    if (!s.score) continue;
    ++out.assessed;
    sum += *s.score;
  }
  if (out.assessed == 0) return out;
  out.score = sum / static_cast<double>(out.assessed);
  out.cls = out.achieved == out.series ? progress_class::achieved : classify_score(*out.score);
  return out;
}

PLANRULES_DECL std::string_view to_string(progress_class c) noexcept {
  switch (c) {
  case progress_class::achieved: return "achieved";
  case progress_class::on_track: return "on_track";
  case progress_class::needs_acceleration: return "needs_acceleration";
  case progress_class::limited_progress: return "limited_progress";
  case progress_class::moving_away: return "moving_away";
  case progress_class::insufficient_data: return "insufficient_data";
  case progress_class::not_assessable: return "not_assessable";
  }
  return "not_assessable";
}

PLANRULES_DECL std::string_view to_string(progress_issue i) noexcept {
  switch (i) {
  case progress_issue::none: return "none";
  case progress_issue::too_few_points: return "too_few_points";
  case progress_issue::no_data_from_base_year: return "no_data_from_base_year";
  case progress_issue::direction_unspecified: return "direction_unspecified";
  case progress_issue::no_target: return "no_target";
  case progress_issue::invalid_target: return "invalid_target";
  case progress_issue::invalid_option: return "invalid_option";
  case progress_issue::length_mismatch: return "length_mismatch";
  case progress_issue::duplicate_year: return "duplicate_year";
  case progress_issue::target_year_not_after_base: return "target_year_not_after_base";
  case progress_issue::mixed_signs: return "mixed_signs";
  case progress_issue::overflow: return "overflow";
  case progress_issue::target_equals_base: return "target_equals_base";
  case progress_issue::base_met_target: return "base_met_target";
  case progress_issue::deadline_reached: return "deadline_reached";
  }
  return "none";
}

PLANRULES_DECL std::string_view to_string(projection_model m) noexcept {
  return m == projection_model::linear ? "linear" : "compound";
}

} // namespace planrules::progress

#endif
