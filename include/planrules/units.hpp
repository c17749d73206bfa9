#ifndef PLANRULES_UNITS_HPP
#define PLANRULES_UNITS_HPP

#include <planrules/config.hpp>
#include <planrules/expected.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace planrules {

/// What a quantity measures. Values of different dimensions never compare.
enum class dimension : std::uint8_t {
  number,         ///< plain number, no unit
  ratio,          ///< %, ‰, ‱ (a share of something); pp marks a difference of ratios
  count,          ///< 个, 名, 家, 所, 张 …, with 万/亿 multipliers
  per_population, ///< count per N people/children: 个/千人口, per 1000
  money,          ///< 元, 万元
  duration,       ///< 小时, 分钟, 天
};

/// A resolved unit. `scale` converts to the dimension's base:
/// ratio → fraction (1% = 0.01), count → 1, per_population → per person,
/// money → yuan, duration → hour.
struct unit {
  planrules::dimension dimension = dimension::number;
  double scale = 1.0;
  bool difference = false;  ///< pp: a change of a ratio, not a level
  std::string symbol;       ///< canonical spelling, e.g. "‰", "个/千人口"
  std::string population;   ///< per_population denominator noun ("人口", "儿童"), may be empty
};

/// Resolves a unit as written in rules or data ("‰", "pp", "万张", "个/千人口",
/// "per 1000", "名/千名儿童"). Empty text is a plain number. The error is a
/// human-readable reason.
PLANRULES_DECL expected<unit, std::string> parse_unit(std::string_view text);

/// True when values in `a` and `b` can be compared after conversion.
PLANRULES_DECL bool comparable(const unit& a, const unit& b) noexcept;

/// `value` expressed in `from`, converted to `to`. Only meaningful when comparable.
PLANRULES_DECL double convert(double value, const unit& from, const unit& to) noexcept;

/// "ratio", "count", … (stable, used in JSON).
PLANRULES_DECL std::string_view dimension_name(planrules::dimension d) noexcept;

/// A short English description of a unit for messages: "a ratio (‰)".
PLANRULES_DECL std::string describe(const unit& u);

} // namespace planrules

#endif
