#ifndef PLANRULES_IMPL_UNITS_IPP
#define PLANRULES_IMPL_UNITS_IPP

#include <planrules/units.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace planrules {

namespace detail::units {

struct word {
  std::string_view text;
  double scale;
};

// Multipliers written before a count or money unit: 58.8万张, 1.2亿元.
inline constexpr std::array<word, 8> multipliers{{
    {"十万", 1e5}, {"百万", 1e6}, {"千万", 1e7}, {"十", 10}, {"百", 100}, {"千", 1e3}, {"万", 1e4}, {"亿", 1e8}}};

inline constexpr std::array<std::string_view, 30> count_words{
    "个", "名", "家", "所", "张", "人", "次", "项", "种", "册",   "条",   "座",      "间",      "台",     "件",
    "例", "位", "处", "户", "床", "课时", "人次", "批次", "count", "people", "persons", "places", "beds", "items", "times"};

inline constexpr std::array<word, 6> money_words{{{"元", 1}, {"yuan", 1}, {"CNY", 1}, {"万元", 1e4}, {"亿元", 1e8}, {"千元", 1e3}}};

inline constexpr std::array<word, 11> duration_words{{{"小时", 1},
                                                       {"h", 1},
                                                       {"hour", 1},
                                                       {"hours", 1},
                                                       {"分钟", 1.0 / 60},
                                                       {"min", 1.0 / 60},
                                                       {"minutes", 1.0 / 60},
                                                       {"天", 24},
                                                       {"day", 24},
                                                       {"days", 24},
                                                       {"周", 24 * 7}}};

// Populations a per-population rate can be counted against; synonyms share a key.
inline constexpr std::array<std::pair<std::string_view, std::string_view>, 14> populations{{{"人口", "人口"},
                                                                                            {"人", "人口"},
                                                                                            {"people", "人口"},
                                                                                            {"persons", "人口"},
                                                                                            {"population", "人口"},
                                                                                            {"常住人口", "人口"},
                                                                                            {"儿童", "儿童"},
                                                                                            {"名儿童", "儿童"},
                                                                                            {"children", "儿童"},
                                                                                            {"活产", "活产"},
                                                                                            {"活产儿", "活产"},
                                                                                            {"live births", "活产"},
                                                                                            {"学生", "学生"},
                                                                                            {"students", "学生"}}};

inline std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix;
}

// "亿册(张)" names what is counted in parentheses; the dimension is the part before.
inline std::string_view without_parenthetical(std::string_view s) noexcept {
  for (std::string_view open : {std::string_view("("), std::string_view("（")}) {
    const auto at = s.find(open);
    if (at != std::string_view::npos && at > 0) return trim(s.substr(0, at));
  }
  return s;
}

inline std::optional<double> multiplier_prefix(std::string_view& s) noexcept {
  for (const auto& m : multipliers) {
    if (starts_with(s, m.text) && s.size() > m.text.size()) {
      s.remove_prefix(m.text.size());
      return m.scale;
    }
  }
  return std::nullopt;
}

inline std::optional<unit> count_unit(std::string_view s) {
  auto rest = s;
  const double scale = multiplier_prefix(rest).value_or(1.0);
  for (const auto w : count_words)
    if (rest == w) return unit{dimension::count, scale, false, std::string(s), {}};
  return std::nullopt;
}

// "千人口" → 1000, "人口"; "1000 children" → 1000, "儿童"; "10万人" → 100000, "人口".
inline std::optional<std::pair<double, std::string>> population_base(std::string_view s) {
  s = trim(s);
  double size = 1;
  std::size_t digits = 0;
  while (digits < s.size() && ((s[digits] >= '0' && s[digits] <= '9'))) ++digits;
  if (digits > 0) {
    double n = 0;
    if (std::from_chars(s.data(), s.data() + digits, n).ec != std::errc{} || n <= 0) return std::nullopt;
    size = n;
    s = trim(s.substr(digits));
  }
  if (auto m = multiplier_prefix(s)) size *= *m;
  else if (s.empty() || digits == 0) {
    // "千" alone with nothing after is not a population; a bare noun means per one.
  }
  for (const auto& [name, key] : populations)
    if (s == name) return std::pair{size, std::string(key)};
  if (s.empty() && digits > 0) return std::pair{size, std::string()};
  return std::nullopt;
}

} // namespace detail::units

PLANRULES_DECL expected<unit, std::string> parse_unit(std::string_view text) {
  using namespace detail::units;
  const auto s = without_parenthetical(trim(text));
  if (s.empty()) return unit{};
  if (s == "%") return unit{dimension::ratio, 1e-2, false, "%", {}};
  if (s == "‰") return unit{dimension::ratio, 1e-3, false, "‰", {}};
  if (s == "‱") return unit{dimension::ratio, 1e-4, false, "‱", {}};
  if (s == "pp" || s == "个百分点" || s == "百分点") return unit{dimension::ratio, 1e-2, true, "pp", {}};
  if (s == "倍" || s == "times") return unit{};

  // Per population: "per 1000 [children]", "个 per 1000", "个/千人口", "名/千名儿童", "/万人".
  if (const auto per = s.find("per "); per != std::string_view::npos && (per == 0 || s[per - 1] == ' ')) {
    const auto numerator = trim(s.substr(0, per));
    double numerator_scale = 1;
    if (!numerator.empty()) {
      const auto counted = count_unit(numerator);
      if (!counted) return unexpected("'" + std::string(numerator) + "' is not a count unit (个, 名, 张 …)");
      numerator_scale = counted->scale;
    }
    const auto base = population_base(s.substr(per + 4));
    if (!base || base->first <= 0)
      return unexpected("'" + std::string(text) + "' needs a number after 'per', as in 'per 1000'");
    return unit{dimension::per_population, numerator_scale / base->first, false, std::string(s), base->second};
  }
  if (const auto slash = s.find('/'); slash != std::string_view::npos) {
    const auto numerator = trim(s.substr(0, slash));
    const auto denominator = trim(s.substr(slash + 1));
    double numerator_scale = 1;
    if (!numerator.empty()) {
      const auto counted = count_unit(numerator);
      if (!counted) return unexpected("'" + std::string(numerator) + "' is not a count unit (个, 名, 张 …)");
      numerator_scale = counted->scale;
    }
    const auto base = population_base(denominator);
    if (!base) return unexpected("'" + std::string(denominator) + "' is not a population (千人口, 千名儿童, 1000 children …)");
    return unit{dimension::per_population, numerator_scale / base->first, false, std::string(s), base->second};
  }
  if (auto counted = count_unit(s)) return *counted;
  for (const auto& m : money_words)
    if (s == m.text) return unit{dimension::money, m.scale, false, std::string(s), {}};
  for (const auto& d : duration_words)
    if (s == d.text) return unit{dimension::duration, d.scale, false, std::string(s), {}};
  return unexpected("'" + std::string(text) + "' is not a known unit");
}

PLANRULES_DECL bool comparable(const unit& a, const unit& b) noexcept {
  if (a.dimension != b.dimension) return false;
  if (a.dimension == dimension::per_population && !a.population.empty() && !b.population.empty())
    return a.population == b.population;
  return true;
}

PLANRULES_DECL double convert(double value, const unit& from, const unit& to) noexcept {
  if (from.scale == to.scale) return value;
  // Round to 12 significant digits so that 0.28% becomes exactly 2.8‰.
  const double raw = value * from.scale / to.scale;
  if (raw == 0 || !std::isfinite(raw)) return raw;
  const double magnitude = std::pow(10.0, 11 - std::floor(std::log10(std::fabs(raw))));
  return std::round(raw * magnitude) / magnitude;
}

PLANRULES_DECL std::string_view dimension_name(planrules::dimension d) noexcept {
  switch (d) {
  case dimension::number: return "number";
  case dimension::ratio: return "ratio";
  case dimension::count: return "count";
  case dimension::per_population: return "per_population";
  case dimension::money: return "money";
  case dimension::duration: return "duration";
  }
  return "number";
}

PLANRULES_DECL std::string describe(const unit& u) {
  switch (u.dimension) {
  case dimension::number: return "a plain number";
  case dimension::ratio: return std::string(u.difference ? "a difference of ratios (" : "a ratio (") + u.symbol + ")";
  case dimension::count: return "a count (" + u.symbol + ")";
  case dimension::per_population:
    return "a rate per population (" + u.symbol + ")";
  case dimension::money: return "an amount of money (" + u.symbol + ")";
  case dimension::duration: return "a duration (" + u.symbol + ")";
  }
  return "a value";
}

} // namespace planrules

#endif
