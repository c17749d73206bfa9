#ifndef PLANRULES_IMPL_AST_IPP
#define PLANRULES_IMPL_AST_IPP

#include <planrules/ast.hpp>

#include <array>

namespace planrules::ast {

PLANRULES_DECL source_range range_of(const expression& e) noexcept {
  return std::visit([](const auto& node) { return node.where; }, e.node);
}

PLANRULES_DECL std::optional<int> year_suffix(std::string_view name) noexcept {
  const auto n = name.size();
  if (n < 6 || name[n - 5] != '_') return std::nullopt;
  int year = 0;
  for (std::size_t i = n - 4; i < n; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    year = year * 10 + (name[i] - '0');
  }
  if (year < 1900 || year > 2200) return std::nullopt;
  return year;
}

PLANRULES_DECL std::string_view to_string(compare_op op) noexcept {
  switch (op) {
  case compare_op::less: return "<";
  case compare_op::less_equal: return "<=";
  case compare_op::greater: return ">";
  case compare_op::greater_equal: return ">=";
  case compare_op::equal: return "=";
  case compare_op::not_equal: return "!=";
  }
  return "?";
}

PLANRULES_DECL std::string_view to_string(trend_direction d) noexcept {
  switch (d) {
  case trend_direction::decreasing: return "decreasing";
  case trend_direction::increasing: return "increasing";
  case trend_direction::non_increasing: return "non_increasing";
  case trend_direction::non_decreasing: return "non_decreasing";
  }
  return "?";
}

namespace detail {
struct level_name {
  std::string_view name;
  region_level level;
};
// English keys first: to_string returns the first match.
inline constexpr std::array<level_name, 21> level_names{{{"nation", region_level::nation},
                                                          {"province", region_level::province},
                                                          {"city", region_level::city},
                                                          {"county", region_level::county},
                                                          {"township", region_level::township},
                                                          {"village", region_level::village},
                                                          {"district", region_level::county},
                                                          {"street", region_level::township},
                                                          {"community", region_level::village},
                                                          {"国家", region_level::nation},
                                                          {"省", region_level::province},
                                                          {"市", region_level::city},
                                                          {"区", region_level::county},
                                                          {"县", region_level::county},
                                                          {"旗县", region_level::county},
                                                          {"街道", region_level::township},
                                                          {"乡镇", region_level::township},
                                                          {"苏木乡镇", region_level::township},
                                                          {"社区", region_level::village},
                                                          {"村", region_level::village},
                                                          {"嘎查村", region_level::village}}};

struct area_name {
  area_key key;
  std::string_view english;
  std::string_view chinese;
};
inline constexpr std::array<area_name, 7> area_names{{{area_key::health, "health", "健康"},
                                                       {area_key::safety, "safety", "安全"},
                                                       {area_key::education, "education", "教育"},
                                                       {area_key::welfare, "welfare", "福利"},
                                                       {area_key::family, "family", "家庭"},
                                                       {area_key::environment, "environment", "环境"},
                                                       {area_key::law, "law", "法律保护"}}};
} // namespace detail

PLANRULES_DECL std::string_view to_string(region_level l) noexcept {
  for (const auto& entry : detail::level_names)
    if (entry.level == l) return entry.name;
  return "?";
}

PLANRULES_DECL std::optional<region_level> level_from_name(std::string_view name) noexcept {
  for (const auto& entry : detail::level_names)
    if (entry.name == name) return entry.level;
  return std::nullopt;
}

PLANRULES_DECL std::string_view to_string(area_key k) noexcept {
  return detail::area_names[static_cast<std::size_t>(k)].english;
}

PLANRULES_DECL std::string_view chinese_name(area_key k) noexcept {
  return detail::area_names[static_cast<std::size_t>(k)].chinese;
}

PLANRULES_DECL std::optional<area_key> area_from_name(std::string_view name) noexcept {
  for (const auto& entry : detail::area_names)
    if (entry.english == name || entry.chinese == name) return entry.key;
  if (name == "法律") return area_key::law;
  return std::nullopt;
}

PLANRULES_DECL std::string_view to_string(better_direction b) noexcept {
  switch (b) {
  case better_direction::unspecified: return "unspecified";
  case better_direction::higher: return "higher";
  case better_direction::lower: return "lower";
  }
  return "unspecified";
}

PLANRULES_DECL std::string_view to_string(missing_policy m) noexcept {
  switch (m) {
  case missing_policy::no_data: return "no_data";
  case missing_policy::not_met: return "not_met";
  case missing_policy::carry_forward: return "carry_forward";
  }
  return "no_data";
}

PLANRULES_DECL std::string_view to_string(goal_tier t) noexcept {
  return t == goal_tier::main ? "goal" : "measure";
}

} // namespace planrules::ast

#endif
