#ifndef PLANRULES_AST_HPP
#define PLANRULES_AST_HPP

// The public syntax tree of a rules file: plain structs, std::variant and
// std::optional, with byte ranges into the original text. Nothing here names
// the parser's library. Equality ignores ranges and comments, so that
// parse(format(tree)) == tree can be checked directly.

#include <planrules/source.hpp>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace planrules::ast {

/// A heap-allocated value with value semantics, for recursive variants.
template <class T>
class box {
public:
  box() : ptr_(std::make_unique<T>()) {}
  box(T value) : ptr_(std::make_unique<T>(std::move(value))) {}
  box(const box& other) : ptr_(std::make_unique<T>(*other.ptr_)) {}
  box(box&&) noexcept = default;
  box& operator=(const box& other) {
    if (this != &other) ptr_ = std::make_unique<T>(*other.ptr_);
    return *this;
  }
  box& operator=(box&&) noexcept = default;
  T& operator*() noexcept { return *ptr_; }
  const T& operator*() const noexcept { return *ptr_; }
  T* operator->() noexcept { return ptr_.get(); }
  const T* operator->() const noexcept { return ptr_.get(); }
  friend bool operator==(const box& a, const box& b) { return *a.ptr_ == *b.ptr_; }

private:
  std::unique_ptr<T> ptr_;
};

/// Comment lines: the text after '#', one entry per line; an empty entry is a
/// blank line between comment lines (kept so paragraphs survive formatting).
using comment_lines = std::vector<std::optional<std::string>>;

/// Comments written on the lines before a statement and at the end of its line.
struct comments {
  comment_lines before;
  std::string after; ///< text after '#' on the statement's own line
  friend bool operator==(const comments&, const comments&) { return true; }
};

/// A literal number kept as written ("2.8", "3") so formatting is exact.
struct number {
  double value = 0;
  std::string text;
  source_range where;
  friend bool operator==(const number& a, const number& b) { return a.text == b.text; }
};

/// A number with the unit written after it: 2.8‰, 4.5个/千人口, 4.5 per 1000.
struct quantity {
  number amount;
  std::string unit; ///< as written after NFKC; empty for a plain number
  source_range where;
  friend bool operator==(const quantity& a, const quantity& b) {
    return a.amount == b.amount && a.unit == b.unit;
  }
};

struct year_range {
  int first = 0;
  int last = 0;
  source_range where;
  friend bool operator==(const year_range& a, const year_range& b) {
    return a.first == b.first && a.last == b.last;
  }
};

/// A disaggregation: sex=female, area=rural, age="0-5".
struct filter {
  std::string key;
  std::string value;
  source_range where;
  friend bool operator==(const filter& a, const filter& b) {
    return a.key == b.key && a.value == b.value;
  }
};

/// An indicator's value: infant_mortality_2030, x@2030, x[sex=female], 婴儿死亡率_2025.
struct reference {
  std::string name; ///< indicator id or alias, without the year suffix
  std::optional<int> year;
  std::vector<filter> filters;
  source_range where;
  friend bool operator==(const reference& a, const reference& b) {
    return a.name == b.name && a.year == b.year && a.filters == b.filters;
  }
};

struct expression;

enum class arithmetic_op : char { add = '+', subtract = '-', multiply = '*', divide = '/' };

struct binary {
  arithmetic_op op = arithmetic_op::add;
  box<expression> lhs;
  box<expression> rhs;
  source_range where;
  friend bool operator==(const binary& a, const binary& b) {
    return a.op == b.op && a.lhs == b.lhs && a.rhs == b.rhs;
  }
};

struct negate {
  box<expression> operand;
  source_range where;
  friend bool operator==(const negate& a, const negate& b) { return a.operand == b.operand; }
};

/// change(x) — yearly change; annual_growth(x, 2020..2025) — compound annual growth.
struct call {
  std::string function;
  std::vector<expression> arguments;
  std::optional<year_range> years;
  source_range where;
  friend bool operator==(const call& a, const call& b);
};

struct expression {
  std::variant<quantity, reference, binary, negate, call> node;
  friend bool operator==(const expression& a, const expression& b) { return a.node == b.node; }
};

inline bool operator==(const call& a, const call& b) {
  return a.function == b.function && a.arguments == b.arguments && a.years == b.years;
}

PLANRULES_DECL source_range range_of(const expression& e) noexcept;

/// The year an identifier's `_YYYY` suffix names (1900..2200): 2030 for
/// infant_mortality_2030, nothing for childcare_places_per_1000.
PLANRULES_DECL std::optional<int> year_suffix(std::string_view name) noexcept;

enum class compare_op : unsigned char { less, less_equal, greater, greater_equal, equal, not_equal };

/// lhs op rhs: infant_mortality_2030 < 2.8‰, injury_2030 <= 0.8 * injury_2020.
struct comparison {
  expression lhs;
  compare_op op = compare_op::less;
  expression rhs;
  source_range where;
  friend bool operator==(const comparison& a, const comparison& b) {
    return a.lhs == b.lhs && a.op == b.op && a.rhs == b.rhs;
  }
};

/// value in [low, high] (brackets inclusive, parentheses exclusive).
struct interval_test {
  expression value;
  expression low;
  expression high;
  bool low_inclusive = true;
  bool high_inclusive = true;
  source_range where;
  friend bool operator==(const interval_test& a, const interval_test& b) {
    return a.value == b.value && a.low == b.low && a.high == b.high &&
           a.low_inclusive == b.low_inclusive && a.high_inclusive == b.high_inclusive;
  }
};

enum class trend_direction : unsigned char { decreasing, increasing, non_increasing, non_decreasing };

/// decreasing(x), increasing(x, 2021..2030): a monotone trend over the monitored years.
struct trend {
  trend_direction direction = trend_direction::decreasing;
  reference subject;
  std::optional<year_range> years;
  source_range where;
  friend bool operator==(const trend& a, const trend& b) {
    return a.direction == b.direction && a.subject == b.subject && a.years == b.years;
  }
};

/// qualitative "reason": a commitment with nothing to measure, kept and reported.
struct qualitative {
  std::string reason;
  std::optional<reference> subject;
  source_range where;
  friend bool operator==(const qualitative& a, const qualitative& b) {
    return a.reason == b.reason && a.subject == b.subject;
  }
};

using predicate = std::variant<comparison, interval_test, trend, qualitative>;

/// A region level for quantifiers and plan headers.
enum class region_level : unsigned char { nation, province, city, county, township, village };

/// for every year [2021..2030] / for every township / for at least 3 of township.
struct scope {
  enum class kind : unsigned char { every_year, every_region, at_least } what = kind::every_year;
  std::optional<year_range> years; ///< every_year only
  region_level level = region_level::township;
  std::optional<number> count;     ///< at_least: how many
  bool count_is_share = false;     ///< at_least 80% of township
  source_range where;
  friend bool operator==(const scope& a, const scope& b) {
    return a.what == b.what && a.years == b.years && a.level == b.level && a.count == b.count &&
           a.count_is_share == b.count_is_share;
  }
};

struct tolerance {
  quantity amount;
  bool relative = false; ///< `tolerance: 5% relative` is 5% of the target
  friend bool operator==(const tolerance&, const tolerance&) = default;
};

enum class missing_policy : unsigned char { no_data, not_met, carry_forward };

/// Options in braces after a rule: { aspirational, tolerance: 0.1‰, missing: carry_forward, note: "…" }.
struct rule_options {
  bool aspirational = false;
  std::optional<tolerance> tol;
  std::optional<missing_policy> missing;
  std::vector<std::pair<std::string, std::string>> metadata; ///< free key: "value" pairs, in order
  friend bool operator==(const rule_options&, const rule_options&) = default;
};

struct rule {
  std::optional<int> number; ///< rule N: …; numbered in order when absent
  predicate body;
  std::vector<scope> scopes;
  rule_options options;
  ast::comments notes;
  source_range where;
  friend bool operator==(const rule& a, const rule& b) {
    return a.number == b.number && a.body == b.body && a.scopes == b.scopes && a.options == b.options;
  }
};

enum class goal_tier : unsigned char { main, measure };

/// goal 3 "source sentence" — a numbered main goal (主要目标) or strategy measure (策略措施).
struct goal {
  goal_tier tier = goal_tier::main;
  int number = 0;
  std::string source;
  std::string english;
  std::vector<std::string> notes;
  std::vector<rule> rules;
  ast::comments remarks;
  source_range where;
  friend bool operator==(const goal& a, const goal& b) {
    return a.tier == b.tier && a.number == b.number && a.source == b.source && a.english == b.english &&
           a.notes == b.notes && a.rules == b.rules;
  }
};

/// The seven areas of the plans, in the plans' order.
enum class area_key : unsigned char { health, safety, education, welfare, family, environment, law };

struct area {
  area_key key = area_key::health;
  std::string title; ///< 儿童与健康
  std::string english;
  std::vector<goal> goals;
  ast::comments remarks;
  source_range where;
  friend bool operator==(const area& a, const area& b) {
    return a.key == b.key && a.title == b.title && a.english == b.english && a.goals == b.goals;
  }
};

enum class better_direction : unsigned char { unspecified, higher, lower };

/// indicator infant_mortality "婴儿死亡率" with its attributes.
struct indicator {
  std::string id;
  std::string name; ///< Chinese name
  std::vector<std::string> aliases;
  std::string english;
  std::string unit; ///< as written
  better_direction better = better_direction::unspecified;
  std::string definition;
  std::string denominator; ///< indicator id whose values weight roll-ups of this rate
  std::vector<std::string> notes;
  ast::comments remarks;
  source_range where;
  friend bool operator==(const indicator& a, const indicator& b) {
    return a.id == b.id && a.name == b.name && a.aliases == b.aliases && a.english == b.english &&
           a.unit == b.unit && a.better == b.better && a.definition == b.definition &&
           a.denominator == b.denominator && a.notes == b.notes;
  }
};

/// plan xigang_children_2021_2030 "大连市西岗区儿童发展规划（2021～2030年）" with its attributes.
struct plan_header {
  std::string id;
  std::string name;
  std::string english;
  std::string region;
  std::optional<region_level> level;
  std::optional<year_range> period;
  std::optional<int> baseline;
  std::string parent;
  std::vector<std::string> notes;
  ast::comments remarks;
  source_range where;
  friend bool operator==(const plan_header& a, const plan_header& b) {
    return a.id == b.id && a.name == b.name && a.english == b.english && a.region == b.region &&
           a.level == b.level && a.period == b.period && a.baseline == b.baseline && a.parent == b.parent &&
           a.notes == b.notes;
  }
};

struct include {
  std::string path;
  ast::comments remarks;
  source_range where;
  friend bool operator==(const include& a, const include& b) { return a.path == b.path; }
};

/// A whole rules file, in canonical order: header, includes, indicators,
/// rules outside any goal, areas.
struct file {
  std::optional<plan_header> plan;
  std::vector<include> includes;
  std::vector<indicator> indicators;
  std::vector<rule> rules;
  std::vector<area> areas;
  comment_lines trailing_comments; ///< comments after the last statement
  friend bool operator==(const file& a, const file& b) {
    return a.plan == b.plan && a.includes == b.includes && a.indicators == b.indicators && a.rules == b.rules &&
           a.areas == b.areas;
  }
};

// Names used in the language, in JSON and in reports (stable).
PLANRULES_DECL std::string_view to_string(compare_op op) noexcept;     ///< "<", "<=", …
PLANRULES_DECL std::string_view to_string(trend_direction d) noexcept; ///< "decreasing", …
PLANRULES_DECL std::string_view to_string(region_level l) noexcept;    ///< "township", …
PLANRULES_DECL std::string_view to_string(area_key k) noexcept;        ///< "health", …
PLANRULES_DECL std::string_view to_string(better_direction b) noexcept;
PLANRULES_DECL std::string_view to_string(missing_policy m) noexcept;
PLANRULES_DECL std::string_view to_string(goal_tier t) noexcept; ///< "goal", "measure"

/// Chinese label of an area: 健康, 安全, …
PLANRULES_DECL std::string_view chinese_name(area_key k) noexcept;

// Parsing of the same names, accepting Chinese aliases (健康, 街道, 乡镇, …).
PLANRULES_DECL std::optional<area_key> area_from_name(std::string_view name) noexcept;
PLANRULES_DECL std::optional<region_level> level_from_name(std::string_view name) noexcept;

} // namespace planrules::ast

#endif
