#ifndef PLANRULES_BENCHMARKS_WORKLOAD_HPP
#define PLANRULES_BENCHMARKS_WORKLOAD_HPP

// The benchmark workload (docs/performance.md): 64 indicators ind00…ind63 (unit %,
// better lower for even k, higher for odd k), regions R0000… (2,844 county-level
// units, or 28,440 township-level ones), years 2020…2030, about 3% of the rows
// absent, and 160 rules. Every value is a pure function of its key and the seed,
// so the data never depends on the order it is written in and the township
// workload's first 2,844 regions carry the county workload's values.

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace planrules_bench {

inline constexpr int indicators = 64;
inline constexpr int first_year = 2020, last_year = 2030, years = last_year - first_year + 1;
inline constexpr int county_regions = 2844;
inline constexpr std::uint64_t seed = 20210930; // 中国儿童发展纲要（2021—2030年）, issued 2021-09-30
inline constexpr double missing_share = 0.03;

inline std::uint64_t mix(std::uint64_t x) noexcept { // splitmix64's finaliser
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
/// A uniform number in [0, 1) for a key (indicator, region, year or a stream number).
inline double uniform(int indicator, int region, int key, int stream) noexcept {
  std::uint64_t h = mix(seed ^ static_cast<std::uint64_t>(stream));
  h = mix(h ^ static_cast<std::uint64_t>(indicator));
  h = mix(h ^ static_cast<std::uint64_t>(region));
  h = mix(h ^ static_cast<std::uint64_t>(key));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

/// Region names: R0000…R2843, or R00000…R28439 when there are more than 10,000.
inline std::string region_name(int region, int regions) {
  char text[16];
  std::snprintf(text, sizeof text, regions > 10000 ? "R%05d" : "R%04d", region);
  return text;
}
inline std::string indicator_name(int k) {
  char text[8];
  std::snprintf(text, sizeof text, "ind%02d", k);
  return text;
}

/// The row of (indicator, region, year) is absent from the data.
inline bool absent(int k, int region, int year) noexcept { return uniform(k, region, year, 1) < missing_share; }

/// The value in hundredths of a percent, 1…9999 (0.01%…99.99%): a level, a linear
/// trend between −5% and +3% of the level a year, and for 60% of the series noise of
/// up to ±10% of the level. Never 0, so a "down 20% from 2020" target is always defined.
inline int value_hundredths(int k, int region, int year) noexcept {
  const double level = 5 + 90 * uniform(k, region, 0, 2);
  const double slope = -0.05 + 0.08 * uniform(k, region, 0, 3);
  const double noisy = uniform(k, region, 0, 4) < 0.6 ? 0.1 * uniform(k, region, 0, 5) : 0.0;
  const double noise = noisy * (2 * uniform(k, region, year, 6) - 1);
  const double v = level * (1 + slope * (year - first_year) + noise);
  const long cents = std::lround(v * 100);
  return static_cast<int>(cents < 1 ? 1 : cents > 9999 ? 9999 : cents);
}

/// The kinds of rules, in the order the tables print them.
enum class rule_kind : int { bound_2025, bound_2030, baseline, decreasing };
inline constexpr std::array<const char*, 4> kind_names{"bound_2025", "bound_2030", "baseline", "decreasing"};

/// One rule of the 160.
struct rule {
  rule_kind kind;
  int indicator;
  bool at_most;  ///< bounds: ≤ (even indicators) or ≥ (odd ones)
  double target; ///< bounds: the target in %; baseline: the factor 0.8
  int year;      ///< bounds and baselines: the year judged
};

/// Per indicator k: a bound at 2025 and at 2030 (≤ for even k, ≥ for odd k); for
/// k mod 4 = 0 "value 2030 ≤ 0.8 × value 2020"; for k mod 4 = 1 "decreasing over
/// 2021–2030". 64 × 2 + 16 + 16 = 160 rules, in the order of the rules file.
inline std::vector<rule> rules() {
  std::vector<rule> out;
  for (int k = 0; k < indicators; ++k) {
    const bool at_most = k % 2 == 0;
    // Targets spread over 30%…69%, the 2030 one five points stricter.
    const double t2025 = 30 + (k * 17) % 40;
    const double t2030 = at_most ? t2025 - 5 : t2025 + 5;
    out.push_back({rule_kind::bound_2025, k, at_most, t2025, 2025});
    out.push_back({rule_kind::bound_2030, k, at_most, t2030, 2030});
    if (k % 4 == 0) out.push_back({rule_kind::baseline, k, true, 0.8, 2030});
    if (k % 4 == 1) out.push_back({rule_kind::decreasing, k, false, 0, 0});
  }
  return out;
}

/// planrules' rounding margin (evaluate.ipp, satisfies): 1e-9 × max(1, |target|).
inline double margin(double target) noexcept { return 1e-9 * std::fmax(1.0, std::fabs(target)); }

} // namespace planrules_bench

#endif
