#ifndef PLANRULES_BENCHMARKS_LIMIT_HPP
#define PLANRULES_BENCHMARKS_LIMIT_HPP

// The limit: what a programmer writes by hand for exactly this workload, with no
// library. The CSV is read with std::from_chars into dense arrays
// value[indicator][region][year] (NaN = absent), and each rule is a loop over the
// regions. It produces what planrules' evaluation produces for this workload — one
// result per rule × region with status, year, value, target, and the volatility
// flag computed by planrules' formula (progress.ipp) — so that the two are timed
// doing the same work. docs/performance.md defines the status of each rule kind.

#include "workload.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace planrules_bench::limit {

/// The values, dense: one double per indicator × region × year, NaN where absent.
struct dense {
  int regions = 0;
  std::vector<std::vector<double>> values; ///< per indicator: regions × years
  std::vector<std::string> region_names;
  std::size_t rows = 0;

  const double* series(int k, int r) const noexcept {
    return values[static_cast<std::size_t>(k)].data() + static_cast<std::size_t>(r) * years;
  }
};

/// Reads `indicator,region,year,value` rows (the header first). Regions are numbered
/// in order of first appearance, indicators by their catalogue number. A name equal
/// to the previous row's is not looked up again. False on a row it cannot read (the
/// workload has none).
inline bool load(std::string_view text, dense& out) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::string> names;
  for (int k = 0; k < indicators; ++k) names.push_back(indicator_name(k));
  std::unordered_map<std::string_view, int> indicator_ids, region_ids;
  for (int k = 0; k < indicators; ++k) indicator_ids.emplace(names[static_cast<std::size_t>(k)], k);
  out.values.assign(indicators, {});
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end && *p != '\n') ++p; // the header
  ++p;
  std::string_view last_indicator, last_region;
  std::vector<double>* column = nullptr;
  int r = -1;
  std::size_t rows = 0;
  while (p < end) {
    const char* q = p;
    while (q < end && *q != ',') ++q;
    const std::string_view indicator(p, static_cast<std::size_t>(q - p));
    if (indicator != last_indicator) {
      const auto it = indicator_ids.find(indicator);
      if (it == indicator_ids.end()) return false;
      column = &out.values[static_cast<std::size_t>(it->second)];
      last_indicator = indicator;
    }
    p = ++q;
    while (q < end && *q != ',') ++q;
    const std::string_view region(p, static_cast<std::size_t>(q - p));
    if (region != last_region) {
      const auto [it, fresh] = region_ids.emplace(region, static_cast<int>(region_ids.size()));
      if (fresh) out.region_names.emplace_back(region);
      r = it->second;
      last_region = region;
    }
    p = q + 1;
    if (end - p < 6 || p[4] != ',') return false;
    const int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    if (year < first_year || year > last_year) return false;
    p += 5;
    double value = 0;
    const auto v = std::from_chars(p, end, value);
    if (v.ec != std::errc()) return false;
    p = v.ptr;
    if (p < end && *p == '\r') ++p;
    if (p < end && *p == '\n') ++p;
    const auto at = static_cast<std::size_t>(r) * years;
    if (column->size() <= at) column->resize(at + years, nan);
    (*column)[at + static_cast<std::size_t>(year - first_year)] = value;
    ++rows;
  }
  out.regions = static_cast<int>(out.region_names.size());
  out.rows = rows;
  for (auto& c : out.values) c.resize(static_cast<std::size_t>(out.regions) * years, nan);
  return true;
}

enum class status : std::uint8_t { met, not_met, no_data, insufficient_data };
inline constexpr const char* status_names[] = {"met", "not_met", "no_data", "insufficient_data"};

/// One rule × region, as planrules' outcome carries it.
struct result {
  std::uint32_t rule = 0, region = 0;
  status state = status::no_data;
  bool volatile_series = false;
  bool has_target = false;
  std::int16_t year = 0; ///< of the value judged, 0 when none
  double actual = 0, target = 0;
};

/// Counts per rule: met, not met, no data, insufficient data, and volatile flags.
struct rule_counts {
  std::size_t n[4] = {};
  std::size_t flagged = 0;
};

/// planrules' volatility (progress.ipp): at least three values; the per-year changes'
/// sample sd over the mean |value| ≥ 0.05, and at least one reversal of direction.
inline bool fluctuates(const double* v) noexcept {
  int ys[years];
  double xs[years];
  int n = 0;
  for (int i = 0; i < years; ++i)
    if (!std::isnan(v[i])) ys[n] = first_year + i, xs[n++] = v[i];
  if (n < 3) return false;
  double changes[years];
  double sum = 0;
  for (int i = 1; i < n; ++i) {
    changes[i - 1] = (xs[i] - xs[i - 1]) / (static_cast<double>(ys[i]) - ys[i - 1]);
    sum += changes[i - 1];
  }
  const int m = n - 1;
  const double mean = sum / m;
  double squares = 0;
  for (int i = 0; i < m; ++i) squares += (changes[i] - mean) * (changes[i] - mean);
  const double sd = std::sqrt(squares / (m - 1));
  double level = 0;
  for (int i = 0; i < n; ++i) level += std::abs(xs[i]);
  level /= n;
  const double dispersion = level > 0 ? sd / level : 0.0;
  int reversals = 0, previous = 0;
  for (int i = 0; i < m; ++i) {
    const int sign = (changes[i] > 0) - (changes[i] < 0);
    if (sign == 0) continue;
    if (previous != 0 && sign != previous) ++reversals;
    previous = sign;
  }
  return reversals >= 1 && dispersion >= 0.05;
}

inline bool holds(double v, bool at_most, double target) noexcept {
  return at_most ? v <= target + margin(target) : v >= target - margin(target);
}

/// Evaluates every rule in every region into `out` (resized), as of 2030. With
/// `volatility`, flags the series as planrules does; counts go to `counts`.
inline void evaluate(const dense& d, const std::vector<rule>& rules, std::vector<result>& out,
                     std::vector<rule_counts>& counts, bool volatility = true) {
  out.resize(rules.size() * static_cast<std::size_t>(d.regions));
  counts.assign(rules.size(), {});
  std::vector<signed char> flags; // per region, for the indicator in hand (-1: not computed)
  int flags_for = -1;
  result* o = out.data();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& ru = rules[i];
    auto& c = counts[i];
    if (volatility && flags_for != ru.indicator) {
      flags.assign(static_cast<std::size_t>(d.regions), -1);
      flags_for = ru.indicator;
    }
    for (int r = 0; r < d.regions; ++r, ++o) {
      const double* v = d.series(ru.indicator, r);
      o->rule = static_cast<std::uint32_t>(i);
      o->region = static_cast<std::uint32_t>(r);
      o->year = 0;
      o->actual = 0;
      o->target = 0;
      o->has_target = false;
      switch (ru.kind) {
      case rule_kind::bound_2025:
      case rule_kind::bound_2030: {
        const double x = v[ru.year - first_year];
        o->target = ru.target;
        o->has_target = true;
        if (std::isnan(x)) {
          o->state = status::no_data;
          break;
        }
        o->year = static_cast<std::int16_t>(ru.year);
        o->actual = x;
        o->state = holds(x, ru.at_most, ru.target) ? status::met : status::not_met;
        break;
      }
      case rule_kind::baseline: {
        const double base = v[0], x = v[last_year - first_year];
        if (std::isnan(base)) {
          o->state = status::no_data;
          break;
        }
        const double target = ru.target * base;
        o->target = target;
        o->has_target = true;
        if (std::isnan(x)) {
          o->state = status::no_data;
          break;
        }
        o->year = static_cast<std::int16_t>(last_year);
        o->actual = x;
        o->state = holds(x, true, target) ? status::met : status::not_met;
        break;
      }
      case rule_kind::decreasing: {
        int points = 0, previous = 0;
        bool decreasing = true;
        for (int y = 2021 - first_year; y < years; ++y) {
          if (std::isnan(v[y])) continue;
          if (points++ > 0) {
            const double change = (v[y] - v[previous]) / (y - previous);
            o->year = static_cast<std::int16_t>(first_year + y);
            o->actual = change;
            if (!(change < -1e-12)) {
              decreasing = false;
              break;
            }
          }
          previous = y;
        }
        o->state = points == 0 ? status::no_data
                   : points == 1 ? status::insufficient_data
                   : decreasing  ? status::met
                                 : status::not_met;
        break;
      }
      }
      ++c.n[static_cast<int>(o->state)];
      bool flagged = false;
      if (volatility) {
        auto& f = flags[static_cast<std::size_t>(r)];
        if (f < 0) f = fluctuates(v) ? 1 : 0;
        flagged = f == 1;
      }
      o->volatile_series = flagged;
      c.flagged += flagged;
    }
  }
}

} // namespace planrules_bench::limit

#endif
