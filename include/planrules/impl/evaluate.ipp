#ifndef PLANRULES_IMPL_EVALUATE_IPP
#define PLANRULES_IMPL_EVALUATE_IPP

#include <planrules/evaluate.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <deque>
#include <map>
#include <span>
#include <thread>
#include <unordered_map>

namespace planrules {

PLANRULES_DECL std::string_view to_string(status s) noexcept {
  switch (s) {
  case status::met: return "met";
  case status::not_met: return "not_met";
  case status::no_data: return "no_data";
  case status::insufficient_data: return "insufficient_data";
  case status::not_yet_due: return "not_yet_due";
  case status::not_measurable: return "not_measurable";
  case status::error: return "error";
  }
  return "error";
}

PLANRULES_DECL std::string_view chinese_name(status s) noexcept {
  switch (s) {
  case status::met: return "达标";
  case status::not_met: return "未达标";
  case status::no_data: return "无数据";
  case status::insufficient_data: return "数据不足";
  case status::not_yet_due: return "未到期";
  case status::not_measurable: return "不可测量";
  case status::error: return "错误";
  }
  return "错误";
}

PLANRULES_DECL std::size_t status_counts::total_binding() const noexcept {
  std::size_t total = 0;
  for (const auto n : binding) total += n;
  return total;
}

PLANRULES_DECL std::optional<double> status_counts::share_met() const noexcept {
  const auto met = count(status::met);
  const auto judged = met + count(status::not_met);
  if (judged == 0) return std::nullopt;
  return static_cast<double>(met) / static_cast<double>(judged);
}

namespace detail::evaluating {

inline constexpr std::uint32_t no_series = static_cast<std::uint32_t>(-1);

/// One observation as evaluation sees it: the value in the plan's unit.
struct observation {
  int year = 0;
  double value = 0;
  value_qualifier qualifier = value_qualifier::exact;
  bool derived = false;
};

/// True when `v op target` holds within the tolerance (and a rounding margin).
inline bool satisfies(double v, ast::compare_op op, double target, double tolerance) noexcept {
  const double eps = 1e-9 * std::max(1.0, std::fabs(target));
  switch (op) {
  case ast::compare_op::less: return v < target - eps || (tolerance > 0 && v <= target + tolerance + eps);
  case ast::compare_op::less_equal: return v <= target + tolerance + eps;
  case ast::compare_op::greater: return v > target + eps || (tolerance > 0 && v >= target - tolerance - eps);
  case ast::compare_op::greater_equal: return v >= target - tolerance - eps;
  case ast::compare_op::equal: return std::fabs(v - target) <= tolerance + eps;
  case ast::compare_op::not_equal: return std::fabs(v - target) > tolerance + eps;
  }
  return false;
}

enum class verdict { holds, fails, unknown };

/// What a value that is only a bound says about `op target`.
inline verdict judge(const observation& o, ast::compare_op op, double target, double tolerance) noexcept {
  const bool ok = satisfies(o.value, op, target, tolerance);
  switch (o.qualifier) {
  case value_qualifier::lower_bound: // the true value is o.value or more
    if (op == ast::compare_op::greater || op == ast::compare_op::greater_equal) return ok ? verdict::holds : verdict::unknown;
    if (op == ast::compare_op::less || op == ast::compare_op::less_equal) return ok ? verdict::unknown : verdict::fails;
    return verdict::unknown;
  case value_qualifier::upper_bound:
    if (op == ast::compare_op::less || op == ast::compare_op::less_equal) return ok ? verdict::holds : verdict::unknown;
    if (op == ast::compare_op::greater || op == ast::compare_op::greater_equal) return ok ? verdict::unknown : verdict::fails;
    return verdict::unknown;
  default: return ok ? verdict::holds : verdict::fails;
  }
}

/// Read access to the measurement set in the plan's terms: plan indicator
/// indices, the plan's units, values up to the evaluation year, roll-ups of
/// sub-regions where a region has no value of its own.
class reader {
public:
  /// An indicator × slice with its region → series table found once (per rule,
  /// not per value read).
  struct lookup {
    catalogue::index indicator = catalogue::npos;
    const std::string* slice = nullptr;
    const std::vector<std::uint32_t>* table = nullptr; ///< null when the set has no such series
    double unit_factor = 1;
  };

  reader(const measurement_set& data, const checked_plan& plan, const std::vector<indicator_index>& data_indicator,
         const std::vector<double>& unit_factor, int as_of, const std::optional<std::string>& as_of_release)
      : data_(data), plan_(plan), data_indicator_(data_indicator), unit_factor_(unit_factor), as_of_(as_of),
        release_(as_of_release), series_(data.series().data()) {}

  /// Builds the region → series tables for the (indicator, slice) pairs the rules read.
  void prepare(const std::vector<compiled_rule>& rules) {
    for (const auto& rule : rules) {
      if (rule.indicator != catalogue::npos) with_denominator(rule.indicator, rule.slice);
      for (const auto& ref : rule.references) with_denominator(ref.indicator, ref.slice);
    }
  }

  int as_of() const noexcept { return as_of_; }

  lookup find(catalogue::index indicator, const std::string& slice) const {
    lookup l{indicator, &slice, find_table(indicator, slice), 1};
    if (indicator < unit_factor_.size()) l.unit_factor = unit_factor_[indicator];
    return l;
  }

  /// The value at exactly `year` (none after the evaluation year).
  std::optional<observation> at(const lookup& l, region_id region, int year, unsigned depth = 0) const {
    if (year > as_of_) return std::nullopt;
    if (const auto* info = own_series(l, region)) {
      const auto s = data_.view(*info);
      const auto value = s.value(year);
      if (!value || !released(s, year)) return std::nullopt;
      return observation{year, *value * l.unit_factor, qualifier(s, year), false};
    }
    return rolled_up(l, region, year, depth);
  }
  std::optional<observation> at(catalogue::index indicator, const std::string& slice, region_id region, int year) const {
    return at(find(indicator, slice), region, year);
  }

  /// The latest value at or before `year`, not before `earliest`.
  std::optional<observation> latest(const lookup& l, region_id region, int year, int earliest) const {
    for (int y = std::min(year, as_of_); y >= earliest; --y)
      if (auto o = at(l, region, y)) return o;
    return std::nullopt;
  }

  /// Calls `use(observation)` for every value in [first, last] (clipped to the
  /// evaluation year), in year order, reading the region's own values in place.
  template <class Use>
  void each(const lookup& l, region_id region, int first, int last, Use use) const {
    last = std::min(last, as_of_);
    if (const auto* info = own_series(l, region)) {
      const auto s = data_.view(*info);
      const auto values = s.raw_values();
      const int from = std::max(first, s.first_year()), to = std::min(last, s.last_year());
      if (release_ || info->flags & series_info::has_attributes) {
        for (int year = from; year <= to; ++year) {
          const auto i = static_cast<std::size_t>(year - s.first_year());
          if (!s.present_at(i) || !released(s, year)) continue;
          use(observation{year, values[i] * l.unit_factor, s.qualifier(year), false});
        }
        return;
      }
      // Every value exact and released: only the missing years to skip.
      for (int year = from; year <= to; ++year) {
        const auto i = static_cast<std::size_t>(year - s.first_year());
        if (s.present_at(i)) use(observation{year, values[i] * l.unit_factor, value_qualifier::exact, false});
      }
      return;
    }
    if (data_.regions().children(region).empty()) return;
    const auto range = year_range(l.indicator);
    for (int y = std::max(first, range.first); y <= std::min(last, range.second); ++y)
      if (auto o = rolled_up(l, region, y, 0)) use(*o);
  }

  /// The values of each() as columns, reusing their storage (which may be longer);
  /// returns how many there are.
  std::size_t columns(const lookup& l, region_id region, int first, int last, std::vector<int>& years,
                      std::vector<double>& values) const {
    const auto* info = own_series(l, region);
    if (!info || release_ || info->flags & series_info::has_attributes) {
      years.clear();
      values.clear();
      each(l, region, first, last, [&](const observation& o) {
        years.push_back(o.year);
        values.push_back(o.value);
      });
      return years.size();
    }
    // The common case read in one tight loop: a series of exact, released values.
    const auto s = data_.view(*info);
    const auto raw = s.raw_values();
    if (years.size() < raw.size()) {
      years.resize(raw.size());
      values.resize(raw.size());
    }
    std::size_t n = 0;
    const int from = std::max(first, s.first_year()), to = std::min(std::min(last, as_of_), s.last_year());
    for (int year = from; year <= to; ++year) {
      const auto i = static_cast<std::size_t>(year - s.first_year());
      if (!s.present_at(i)) continue;
      years[n] = year;
      values[n++] = raw[i] * l.unit_factor;
    }
    return n;
  }

  /// Every value in [first, last] (clipped to the evaluation year), in year order.
  void series(const lookup& l, region_id region, int first, int last, std::vector<observation>& out) const {
    out.clear();
    each(l, region, first, last, [&](const observation& o) { out.push_back(o); });
  }
  void series(catalogue::index indicator, const std::string& slice, region_id region, int first, int last,
              std::vector<observation>& out) const {
    series(find(indicator, slice), region, first, last, out);
  }

  std::string_view source(const lookup& l, region_id region, int year) const {
    const auto* info = own_series(l, region);
    return info ? data_.view(*info).source(year) : std::string_view();
  }
  std::string_view source(catalogue::index indicator, const std::string& slice, region_id region, int year) const {
    return source(find(indicator, slice), region, year);
  }

private:
  struct table_key {
    catalogue::index indicator;
    std::string slice;
  };

  /// The region's own series (null when it has none).
  const series_info* own_series(const lookup& l, region_id region) const noexcept {
    if (!l.table || region >= l.table->size()) return nullptr;
    const auto index = (*l.table)[region];
    return index == no_series ? nullptr : series_ + index;
  }

  // Most series carry no qualifier or provenance of their own: no search for them.
  static value_qualifier qualifier(const series_view& s, int year) noexcept {
    return s.info().flags & series_info::has_attributes ? s.qualifier(year) : value_qualifier::exact;
  }

  // Roll-ups of a rate read its denominator (births, population) in the same slice.
  void with_denominator(catalogue::index indicator, const std::string& slice) {
    table_for(indicator, slice);
    if (const auto weight = denominator_of(indicator); weight != catalogue::npos) table_for(weight, slice);
  }

  catalogue::index denominator_of(catalogue::index indicator) const {
    const auto& denominator = plan_.catalogue[indicator].denominator;
    return denominator.empty() ? catalogue::npos : plan_.catalogue.find(denominator);
  }

  void table_for(catalogue::index indicator, const std::string& slice) {
    if (find_table(indicator, slice)) return;
    std::vector<std::uint32_t> table(data_.regions().size(), no_series);
    const auto data_index = data_indicator_[indicator];
    if (data_index != catalogue::npos) {
      const auto slice_id = slice.empty() ? total_slice : data_.find_slice(slice);
      if (slice_id != no_slice) {
        const auto all = data_.series();
        for (const auto& s : data_.series(data_index))
          if (s.slice == slice_id) table[s.region] = static_cast<std::uint32_t>(&s - all.data());
      }
    }
    if (slice.empty()) {
      if (total_tables_.size() <= indicator) total_tables_.resize(indicator + 1, no_series);
      total_tables_[indicator] = static_cast<std::uint32_t>(tables_.size());
    }
    keys_.push_back({indicator, slice});
    tables_.push_back(std::move(table));
  }

  // The total slice is found by index, other slices by search.
  const std::vector<std::uint32_t>* find_table(catalogue::index indicator, const std::string& slice) const {
    if (slice.empty()) {
      if (indicator >= total_tables_.size() || total_tables_[indicator] == no_series) return nullptr;
      return &tables_[total_tables_[indicator]];
    }
    for (std::size_t i = 0; i < keys_.size(); ++i)
      if (keys_[i].indicator == indicator && keys_[i].slice == slice) return &tables_[i];
    return nullptr;
  }

  bool released(const series_view& s, int year) const {
    if (!release_) return true;
    const auto release = s.release(year);
    return release.empty() || release <= *release_;
  }

  std::pair<int, int> year_range(catalogue::index indicator) const {
    const auto data_index = data_indicator_[indicator];
    int first = as_of_, last = 0;
    if (data_index == catalogue::npos) return {1, 0};
    for (const auto& s : data_.series(data_index)) {
      first = std::min(first, static_cast<int>(s.first_year));
      last = std::max(last, s.last_year());
    }
    return {first, last};
  }

  // A region without a value of its own takes its sub-regions': counts add up,
  // rates are weighted by their denominator (births, population), never averaged
  // plainly. Every direct sub-region must have a value, or there is none.
  std::optional<observation> rolled_up(const lookup& l, region_id region, int year, unsigned depth) const {
    const auto children = data_.regions().children(region);
    if (children.empty() || depth > 8) return std::nullopt;
    const auto& info = plan_.catalogue[l.indicator];
    const bool additive = info.unit.dimension == dimension::count || info.unit.dimension == dimension::money;
    const auto weight_indicator = denominator_of(l.indicator);
    if (!additive && weight_indicator == catalogue::npos) return std::nullopt;
    const auto weights_lookup = additive ? lookup{} : find(weight_indicator, *l.slice);
    double sum = 0, weights = 0;
    for (const auto child : children) {
      const auto value = at(l, child, year, depth + 1);
      if (!value || value->qualifier != value_qualifier::exact) return std::nullopt;
      if (additive) {
        sum += value->value;
        continue;
      }
      const auto weight = at(weights_lookup, child, year, depth + 1);
      if (!weight || weight->value <= 0) return std::nullopt;
      sum += value->value * weight->value;
      weights += weight->value;
    }
    if (!additive) {
      if (weights <= 0) return std::nullopt;
      sum /= weights;
    }
    return observation{year, sum, value_qualifier::exact, true};
  }

  const measurement_set& data_;
  const checked_plan& plan_;
  const std::vector<indicator_index>& data_indicator_;
  const std::vector<double>& unit_factor_;
  int as_of_;
  std::optional<std::string> release_;
  const series_info* series_; ///< the set's series, which the tables index
  std::vector<table_key> keys_;
  std::vector<std::vector<std::uint32_t>> tables_;
  std::vector<std::uint32_t> total_tables_; ///< indicator → its total slice's table in tables_ (or no_series)
};

/// Judges one compiled rule in one region, filling an outcome and, when asked, its explanation.
class judge_rule {
public:
  judge_rule(const reader& data, const compiled_rule& rule, const checked_plan& plan,
             const evaluation_options& options, const region_hierarchy& regions)
      : data_(data), rule_(rule), plan_(plan), options_(options), regions_(regions),
        series_(data.find(rule.indicator, rule.slice)) {
    progress_ = options.progress;
    if (progress_.base_year == progress::default_base_year && plan.header.baseline)
      progress_.base_year = *plan.header.baseline;
  }

  void run(region_id region, outcome& o, explanation* why) {
    o = outcome{};
    o.rule = static_cast<std::uint32_t>(rule_.rule);
    o.region = region;
    if (rule_.aspirational) o.flags |= outcome::aspirational;
    why_ = why;
    if (!rule_.unsupported.empty()) {
      o.status = status::error;
      note(rule_.unsupported, "此规则无法评估：" + rule_.unsupported);
      return;
    }
    if (rule_.kind == rule_kind::qualitative) {
      o.status = status::not_measurable;
      note("a qualitative goal: kept and listed, nothing to measure", "定性目标：列出备查，无可测量的值");
      return;
    }
    if (rule_.quantifier) quantified(region, o);
    else single(region, o);
  }

private:
  // Every note in English and in Chinese: reports print the language asked for.
  // Views, so that a sentence of literals costs nothing when no one asked why.
  void note(std::string_view en, std::string_view zh) {
    if (!why_) return;
    why_->notes.emplace_back(en);
    why_->notes_zh.emplace_back(zh);
  }
  static std::string issue_zh(progress::progress_issue issue) {
    switch (issue) {
    case progress::progress_issue::too_few_points: return "基期至目标年之间不足两个观测值，无法判断趋势";
    case progress::progress_issue::no_data_from_base_year: return "基期至目标年之间没有观测值";
    case progress::progress_issue::direction_unspecified: return "指标未说明以高为好还是以低为好";
    case progress::progress_issue::mixed_signs: return "基期值、最新值与目标值符号不同，无法计算增长率";
    case progress::progress_issue::target_equals_base: return "目标值等于基期值，而最新值未达到";
    case progress::progress_issue::base_met_target: return "基期已达到目标，最新值却未达到";
    case progress::progress_issue::deadline_reached: return "已到目标年，没有剩余年份";
    case progress::progress_issue::overflow: return "增长率或预计值不是有限数";
    default: return "进展无法评估";
    }
  }
  void cite(const observation& v, region_id region) {
    if (why_) cite_source(v, region);
  }
  void cite_source(const observation& v, region_id region) {
    why_->values.push_back({v.year, v.value, v.qualifier, v.derived, std::string(data_.source(series_, region, v.year))});
  }
  static std::string number(double v) {
    char buffer[32];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::general, 6);
    return std::string(buffer, r.ptr);
  }

  // Sub-regions at a level: every one, or at least k of them, must satisfy the rule.
  void quantified(region_id region, outcome& o) {
    const auto& q = *rule_.quantifier;
    const auto subs = regions_.descendants(region, q.level);
    std::size_t met = 0, failed = 0, pending = 0, unknown = 0;
    explanation* outer = why_;
    why_ = nullptr;
    for (const auto sub : subs) {
      outcome inner;
      single(sub, inner);
      switch (inner.status) {
      case status::met: ++met; break;
      case status::not_met: ++failed; break;
      case status::not_yet_due: ++pending; break;
      default: ++unknown; break;
      }
    }
    why_ = outer;
    const std::size_t n = subs.size();
    std::size_t needed = n;
    if (q.what == ast::scope::kind::at_least && q.count)
      needed = q.count_is_share ? static_cast<std::size_t>(std::ceil(q.count->value * static_cast<double>(n) / 100.0 - 1e-9))
                                : static_cast<std::size_t>(q.count->value);
    o.flags |= outcome::has_target;
    o.target = static_cast<double>(needed);
    o.actual = static_cast<double>(met);
    o.year = static_cast<std::int16_t>(std::min(rule_.deadline, data_.as_of()));
    if (why_) {
      why_->sub_regions = n;
      why_->sub_regions_met = met;
    }
    const std::string level(ast::to_string(q.level));
    if (n == 0) {
      o.status = status::no_data;
      if (why_) note("no sub-region at level " + level + " is known below this region", "本地区以下没有已知的" + level_zh(q.level) + "级地区");
    } else if (met >= needed && needed > 0) {
      o.status = status::met;
    } else if (met + pending + unknown < needed || (q.what == ast::scope::kind::every_region && failed > 0)) {
      o.status = status::not_met;
    } else if (pending > 0) {
      o.status = status::not_yet_due;
    } else {
      o.status = met + failed == 0 ? status::no_data : status::insufficient_data;
    }
    if (o.status == status::no_data) o.year = 0; // no count of sub-regions to show
    if (n > 0)
      note(std::to_string(met) + " of " + std::to_string(n) + " " + level + " sub-regions meet the rule (" +
               std::to_string(needed) + " needed); " + std::to_string(failed) + " do not, " + std::to_string(pending) +
               " are not yet due, " + std::to_string(unknown) + " have no usable data",
           std::to_string(n) + "个" + level_zh(q.level) + "级地区中" + std::to_string(met) + "个达标（需" +
               std::to_string(needed) + "个）；" + std::to_string(failed) + "个未达标，" + std::to_string(pending) +
               "个未到期，" + std::to_string(unknown) + "个无可用数据");
  }

  void single(region_id region, outcome& o) {
    switch (rule_.kind) {
    case rule_kind::bound: bound(region, o); break;
    case rule_kind::every_year_bound: every_year(region, o); break;
    case rule_kind::baseline_relative: baseline(region, o); break;
    case rule_kind::trend: trend(region, o); break;
    case rule_kind::yearly_change: yearly_change(region, o); break;
    case rule_kind::growth: growth(region, o); break;
    case rule_kind::general: general(region, o); break;
    case rule_kind::qualitative: o.status = status::not_measurable; break;
    }
  }

  /// The value a bound is judged by at `year`, following the missing-data policy.
  std::optional<observation> value_for(region_id region, int year, bool& missing_fails) {
    missing_fails = false;
    if (auto v = data_.at(series_, region, year)) return v;
    if (rule_.missing == ast::missing_policy::carry_forward) {
      const int earliest = plan_.header.period ? plan_.header.period->first - 1 : year - 10;
      if (auto v = data_.latest(series_, region, year, earliest)) {
        if (why_) note("no value for " + std::to_string(year) + "; carried forward from " + std::to_string(v->year),
                       std::to_string(year) + "年无数据，沿用" + std::to_string(v->year) + "年的值");
        return v;
      }
    }
    if (rule_.missing == ast::missing_policy::not_met) missing_fails = true;
    return std::nullopt;
  }

  double tolerance(double target) const { return rule_.tolerance + rule_.relative_tolerance * std::fabs(target); }

  void set_actual(outcome& o, const observation& v, double target) {
    o.year = static_cast<std::int16_t>(v.year);
    o.actual = v.value;
    o.target = target;
    o.flags |= outcome::has_target;
    if (v.derived) o.flags |= outcome::derived;
    if (v.qualifier == value_qualifier::lower_bound) o.flags |= outcome::bound_only;
    if (v.qualifier == value_qualifier::upper_bound) o.flags |= outcome::bound_only | outcome::upper_bound;
    if (why_) {
      why_->actual = v.value;
      why_->target = target;
      why_->gap = v.value - target;
    }
  }

  static std::string level_zh(ast::region_level level) {
    switch (level) {
    case ast::region_level::nation: return "国家";
    case ast::region_level::province: return "省";
    case ast::region_level::city: return "市";
    case ast::region_level::county: return "区县";
    case ast::region_level::township: return "街道（乡镇）";
    case ast::region_level::village: return "社区（村）";
    }
    return "";
  }

  static std::string_view qualifier_words(value_qualifier q) {
    switch (q) {
    case value_qualifier::lower_bound: return "at least ";
    case value_qualifier::upper_bound: return "at most ";
    default: return "";
    }
  }

  // A target at a deadline: judged when the deadline has come; before it, met
  // early if the latest value already meets it, else projected.
  void judge_target(region_id region, outcome& o, double target, int deadline) {
    const int as_of = data_.as_of();
    if (deadline <= as_of) {
      bool missing_fails = false;
      const auto v = value_for(region, deadline, missing_fails);
      if (!v) {
        o.status = missing_fails ? status::not_met : status::no_data;
        o.target = target;
        o.flags |= outcome::has_target;
        if (why_)
          note("no value for " + std::to_string(deadline) + (missing_fails ? "; missing counts as not met" : ""),
               std::to_string(deadline) + "年无数据" + (missing_fails ? "，按规则缺失视为未达标" : ""));
        return;
      }
      cite(*v, region);
      set_actual(o, *v, target);
      switch (judge(*v, rule_.op, target, tolerance(target))) {
      case verdict::holds: o.status = status::met; break;
      case verdict::fails: o.status = status::not_met; break;
      case verdict::unknown:
        o.status = status::insufficient_data;
        note("only a bound is known (" + std::string(qualifier_words(v->qualifier)) + number(v->value) +
                 "), which does not settle the target",
             "只知道" + std::string(v->qualifier == value_qualifier::upper_bound ? "上限" : "下限") + "（" +
                 std::string(v->qualifier == value_qualifier::upper_bound ? "不超过" : "不低于") + number(v->value) +
                 "），不足以判断是否达标");
        break;
      }
      return;
    }
    // Not yet due.
    const auto latest = data_.latest(series_, region, as_of, 1900);
    o.target = target;
    o.flags |= outcome::has_target;
    if (!latest) {
      o.status = status::no_data;
      if (why_) note("no value up to " + std::to_string(as_of), "截至" + std::to_string(as_of) + "年无数据");
      return;
    }
    cite(*latest, region);
    set_actual(o, *latest, target);
    if (judge(*latest, rule_.op, target, tolerance(target)) == verdict::holds) {
      o.status = status::met;
      o.flags |= outcome::early | outcome::has_progress;
      o.progress = progress::progress_class::achieved;
      if (why_) note("met in " + std::to_string(latest->year) + ", before the deadline " + std::to_string(deadline),
                     std::to_string(latest->year) + "年已达标，早于目标年" + std::to_string(deadline) + "年");
      return;
    }
    o.status = status::not_yet_due;
    project(region, o, target, deadline);
  }

  // Early warning: the published progress methods over the observed series.
  void project(region_id region, outcome& o, std::optional<double> target, int deadline) {
    std::vector<observation>& points = scratch_;
    data_.series(series_, region, 1900, data_.as_of(), points);
    years_.clear();
    values_.clear();
    for (const auto& p : points) {
      if (p.qualifier == value_qualifier::lower_bound || p.qualifier == value_qualifier::upper_bound) continue;
      years_.push_back(p.year);
      values_.push_back(p.value);
      if (why_ && p.year != o.year) cite(p, region);
    }
    const progress::observations view(years_, values_);
    const progress::target goal{target, deadline, rule_.better};
    auto ratio = progress::growth_ratio(view, goal, progress_);
    auto required = progress::required_change(view, goal, progress_);
    o.progress = ratio.cls;
    o.flags |= outcome::has_progress;
    if (required.per_year) {
      o.required = *required.per_year;
      o.flags |= outcome::has_required;
    }
    auto projected = progress::projection(view, goal, progress_);
    if (projected.projected) {
      o.projected = *projected.projected;
      o.flags |= outcome::has_projection;
    } else if (required.projected) {
      o.projected = *required.projected;
      o.flags |= outcome::has_projection;
    }
    if (why_) {
      if (!ratio.reason.empty()) note(ratio.reason, issue_zh(ratio.issue));
      why_->growth_ratio = std::move(ratio);
      why_->projection = std::move(projected);
      why_->required = std::move(required);
    }
  }

  void bound(region_id region, outcome& o) { judge_target(region, o, *rule_.target, rule_.deadline); }

  void baseline(region_id region, outcome& o) {
    const int base_year = *rule_.baseline_year;
    const auto base = data_.at(series_, region, base_year);
    if (!base) {
      o.status = status::no_data;
      if (why_) note("no value for the baseline year " + std::to_string(base_year), "基期" + std::to_string(base_year) + "年无数据");
      return;
    }
    if (why_) {
      why_->baseline_year = base_year;
      why_->baseline_value = base->value;
    }
    cite(*base, region);
    if (base->value == 0 && rule_.baseline_factor != 1) {
      // "Down 20% from a base of zero" sets no target: report it rather than demand zero.
      o.status = status::error;
      if (why_) note("the " + std::to_string(base_year) + " baseline is 0, so a target relative to it is undefined",
                     std::to_string(base_year) + "年基期值为0，以其为基数的目标无从确定");
      return;
    }
    const double target = rule_.baseline_factor * base->value;
    if (why_) // the sentences cost more than the judgement: built only for an explanation
      note("target " + number(target) + " = " + number(rule_.baseline_factor) + " × the " + std::to_string(base_year) +
               " value " + number(base->value),
           "目标值 " + number(target) + " = " + number(rule_.baseline_factor) + " × " + std::to_string(base_year) +
               "年值 " + number(base->value));
    judge_target(region, o, target, rule_.deadline);
  }

  std::pair<int, int> span_years() const {
    int first = rule_.span ? rule_.span->first : plan_.header.period ? plan_.header.period->first : 1900;
    int last = rule_.span ? rule_.span->last : plan_.header.period ? plan_.header.period->last : data_.as_of();
    return {first, last};
  }

  void every_year(region_id region, outcome& o) {
    const auto [first, last] = span_years();
    const int until = std::min(last, data_.as_of());
    std::size_t judged = 0, unknown = 0;
    std::vector<int> gaps;
    for (int year = first; year <= until; ++year) {
      bool missing_fails = false;
      const auto v = value_for(region, year, missing_fails);
      if (!v) {
        if (missing_fails) {
          o.status = status::not_met;
          o.year = static_cast<std::int16_t>(year);
          if (why_) note("no value for " + std::to_string(year) + "; missing counts as not met",
                         std::to_string(year) + "年无数据，按规则缺失视为未达标");
          return;
        }
        gaps.push_back(year);
        continue;
      }
      cite(*v, region);
      const auto verdict = judge(*v, rule_.op, *rule_.target, tolerance(*rule_.target));
      if (verdict == verdict::fails) {
        set_actual(o, *v, *rule_.target);
        o.status = status::not_met;
        if (why_) note("broken in " + std::to_string(year), std::to_string(year) + "年未保持");
        return;
      }
      if (verdict == verdict::unknown) ++unknown;
      else ++judged;
      set_actual(o, *v, *rule_.target);
    }
    if (!gaps.empty())
      note(std::to_string(gaps.size()) + " year(s) without a value in " + std::to_string(first) + ".." + std::to_string(until),
           std::to_string(first) + "—" + std::to_string(until) + "年中有" + std::to_string(gaps.size()) + "年无数据");
    if (judged == 0) {
      o.status = unknown > 0 ? status::insufficient_data : status::no_data;
      o.target = *rule_.target;
      o.flags |= outcome::has_target;
      return;
    }
    o.status = status::met;
    if (last > data_.as_of()) {
      if (why_) note("holds in every year observed up to " + std::to_string(until) + "; binds until " + std::to_string(last),
                     "截至" + std::to_string(until) + "年各观测年份均保持，约束至" + std::to_string(last) + "年");
      project(region, o, rule_.target, last);
    }
  }

  // Consecutive observed values, as changes per year.
  template <class Check>
  bool walk_changes(region_id region, outcome& o, Check check, std::size_t& pairs) {
    const auto [first, last] = span_years();
    auto& points = scratch_;
    data_.series(series_, region, first, last, points);
    points.erase(std::remove_if(points.begin(), points.end(),
                                [](const observation& p) {
                                  return p.qualifier == value_qualifier::lower_bound ||
                                         p.qualifier == value_qualifier::upper_bound;
                                }),
                 points.end());
    for (const auto& p : points) cite(p, region);
    pairs = points.size() < 2 ? 0 : points.size() - 1;
    for (std::size_t i = 1; i < points.size(); ++i) {
      const double per_year = (points[i].value - points[i - 1].value) / (points[i].year - points[i - 1].year);
      o.year = static_cast<std::int16_t>(points[i].year);
      o.actual = per_year;
      if (points[i].derived) o.flags |= outcome::derived;
      if (why_) why_->change = per_year;
      if (!check(per_year)) {
        if (why_)
          note("the change from " + std::to_string(points[i - 1].year) + " to " + std::to_string(points[i].year) +
                   " is " + number(per_year) + " per year",
               std::to_string(points[i - 1].year) + "年至" + std::to_string(points[i].year) + "年每年变化" + number(per_year));
        return false;
      }
    }
    return true;
  }

  void finish_walk(bool held, std::size_t pairs, outcome& o) {
    const auto last = span_years().second;
    if (scratch_.empty()) {
      o.status = status::no_data;
      note("no value in the years the rule covers", "规则涉及的年份均无数据");
    } else if (pairs == 0) {
      o.status = status::insufficient_data;
      note("a trend needs values for at least two years", "判断趋势至少需要两个年份的数据");
    } else {
      o.status = held ? status::met : status::not_met;
      if (why_ && held && last > data_.as_of())
        note("holds up to " + std::to_string(data_.as_of()) + "; binds until " + std::to_string(last),
             "截至" + std::to_string(data_.as_of()) + "年保持，约束至" + std::to_string(last) + "年");
    }
  }

  void trend(region_id region, outcome& o) {
    const auto direction = *rule_.direction;
    const double tol = rule_.tolerance;
    std::size_t pairs = 0;
    const bool held = walk_changes(
        region, o,
        [&](double change) {
          const double eps = 1e-12;
          switch (direction) {
          case ast::trend_direction::decreasing: return change < -eps || (tol > 0 && change <= tol);
          case ast::trend_direction::increasing: return change > eps || (tol > 0 && change >= -tol);
          case ast::trend_direction::non_increasing: return change <= tol + eps;
          case ast::trend_direction::non_decreasing: return change >= -tol - eps;
          }
          return false;
        },
        pairs);
    finish_walk(held, pairs, o);
    if (o.status == status::met && span_years().second > data_.as_of()) {
      project(region, o, std::nullopt, span_years().second);
    }
  }

  void yearly_change(region_id region, outcome& o) {
    std::size_t pairs = 0;
    bool held = false;
    if (rule_.low) {
      const double lo = *rule_.low, hi = *rule_.high, tol = rule_.tolerance;
      held = walk_changes(
          region, o,
          [&](double change) {
            const double eps = 1e-9 * std::max({1.0, std::fabs(lo), std::fabs(hi)});
            const bool above = rule_.low_inclusive ? change >= lo - tol - eps : change > lo + eps - tol;
            const bool below = rule_.high_inclusive ? change <= hi + tol + eps : change < hi - eps + tol;
            return above && below;
          },
          pairs);
      if (why_) {
        why_->target = hi;
        note("the change per year must lie in " + std::string(rule_.low_inclusive ? "[" : "(") + number(lo) + ", " +
                 number(hi) + (rule_.high_inclusive ? "]" : ")"),
             "每年变化须在" + std::string(rule_.low_inclusive ? "[" : "(") + number(lo) + ", " + number(hi) +
                 (rule_.high_inclusive ? "]" : ")") + "之间");
      }
    } else {
      const double target = *rule_.target;
      held = walk_changes(region, o, [&](double change) { return satisfies(change, rule_.op, target, tolerance(target)); },
                          pairs);
      o.target = target;
      o.flags |= outcome::has_target;
    }
    finish_walk(held, pairs, o);
  }

  void growth(region_id region, outcome& o) {
    const int from = rule_.span->first, to = rule_.span->last;
    const double target = *rule_.target;
    o.target = target;
    o.flags |= outcome::has_target;
    const auto start = data_.at(series_, region, from);
    if (!start || start->value <= 0) {
      o.status = start ? status::error : status::no_data;
      if (start) note("growth is undefined from a starting value of zero or less", "起始值为零或负数，增长率无从计算");
      else if (why_) note("no value for the starting year " + std::to_string(from), "起始年" + std::to_string(from) + "年无数据");
      return;
    }
    cite(*start, region);
    const int until = std::min(to, data_.as_of());
    bool missing_fails = false;
    const auto end = to <= data_.as_of() ? value_for(region, to, missing_fails)
                                         : data_.latest(series_, region, until, from + 1);
    if (!end || end->year <= from) {
      o.status = missing_fails ? status::not_met : (to <= data_.as_of() ? status::no_data : status::insufficient_data);
      if (why_) note("no value after " + std::to_string(from) + " to measure growth by",
                     std::to_string(from) + "年以后无数据，无法计算增长");
      return;
    }
    cite(*end, region);
    const double rate = std::pow(end->value / start->value, 1.0 / (end->year - from)) - 1.0;
    o.year = static_cast<std::int16_t>(end->year);
    o.actual = rate;
    if (why_) {
      why_->growth = rate;
      why_->actual = rate;
      why_->target = target;
      why_->gap = rate - target;
    }
    const bool ok = satisfies(rate, rule_.op, target, tolerance(target));
    if (to <= data_.as_of()) {
      o.status = ok ? status::met : status::not_met;
      return;
    }
    o.status = status::not_yet_due;
    o.progress = ok ? progress::progress_class::on_track : progress::progress_class::needs_acceleration;
    o.flags |= outcome::has_progress;
    // The value needed at the deadline, and the rate still required from here.
    const double needed = start->value * std::pow(1.0 + target, to - from);
    o.projected = end->value * std::pow(1.0 + rate, to - end->year);
    o.flags |= outcome::has_projection;
    o.required = std::pow(needed / end->value, 1.0 / (to - end->year)) - 1.0;
    o.flags |= outcome::has_required;
    if (why_) note("growth so far " + number(rate * 100) + "% a year; " + number(o.required * 100) +
                       "% a year from now on reaches the target by " + std::to_string(to),
                   "迄今年均增长" + number(rate * 100) + "%；此后年均增长" + number(o.required * 100) + "%可于" +
                       std::to_string(to) + "年达到目标");
  }

  // Arithmetic rules: every value read at its year; before the latest of those years, not yet due.
  void general(region_id region, outcome& o) {
    int latest_year = 0;
    for (const auto& ref : rule_.references) latest_year = std::max(latest_year, ref.year.value_or(rule_.deadline));
    if (latest_year > data_.as_of()) {
      o.status = status::not_yet_due;
      if (why_) note("reads values up to " + std::to_string(latest_year) + ", after the evaluation year",
                     "需要" + std::to_string(latest_year) + "年的数据，晚于评估年份");
      return;
    }
    const auto lhs = run_code(rule_.lhs, region);
    const auto rhs = run_code(rule_.rhs, region);
    if (!lhs || !rhs) {
      o.status = status::no_data;
      return;
    }
    o.year = static_cast<std::int16_t>(latest_year);
    o.actual = *lhs;
    o.target = *rhs;
    o.flags |= outcome::has_target;
    if (why_) {
      why_->actual = *lhs;
      why_->target = *rhs;
      why_->gap = *lhs - *rhs;
    }
    if (!std::isfinite(*lhs) || !std::isfinite(*rhs)) {
      o.status = status::error;
      note("the arithmetic gives no finite number here (division by zero?)", "计算结果不是有限数（可能除以零）");
      return;
    }
    o.status = satisfies(*lhs, rule_.op, *rhs, tolerance(*rhs)) ? status::met : status::not_met;
  }

  std::optional<double> run_code(const std::vector<instruction>& code, region_id region) {
    stack_.clear();
    for (const auto& step : code) {
      switch (step.code) {
      case instruction::op::constant: stack_.push_back(step.number); break;
      case instruction::op::value: {
        const auto& ref = rule_.references[step.reference];
        const int year = ref.year.value_or(rule_.deadline);
        const auto v = data_.at(ref.indicator, ref.slice, region, year);
        if (!v) {
          if (why_) note("no value of " + plan_.catalogue[ref.indicator].id + " for " + std::to_string(year),
                         (plan_.catalogue[ref.indicator].name.empty() ? plan_.catalogue[ref.indicator].id
                                                                      : plan_.catalogue[ref.indicator].name) +
                             std::to_string(year) + "年无数据");
          return std::nullopt;
        }
        if (why_) why_->values.push_back({v->year, v->value, v->qualifier, v->derived, {}});
        stack_.push_back(v->value);
        break;
      }
      case instruction::op::negate: stack_.back() = -stack_.back(); break;
      case instruction::op::scale: stack_.back() *= step.number; break;
      default: {
        const double b = stack_.back();
        stack_.pop_back();
        double& a = stack_.back();
        if (step.code == instruction::op::add) a += b;
        else if (step.code == instruction::op::subtract) a -= b;
        else if (step.code == instruction::op::multiply) a *= b;
        else a = b == 0 ? std::nan("") : a / b;
      }
      }
    }
    return stack_.empty() ? std::nullopt : std::optional<double>(stack_.back());
  }

  const reader& data_;
  const compiled_rule& rule_;
  const checked_plan& plan_;
  const evaluation_options& options_;
  const region_hierarchy& regions_;
  const reader::lookup series_; ///< the rule's indicator × slice
  progress::progress_options progress_;
  explanation* why_ = nullptr;
  std::vector<observation> scratch_;
  std::vector<int> years_;
  std::vector<double> values_;
  std::vector<double> stack_;
};

/// Whether the series of an indicator × slice × region fluctuates strongly: computed
/// once per series and kept (one byte per region for each indicator × slice asked
/// about), since several rules usually read the same series.
class volatility_flags {
public:
  volatility_flags(const reader& data, std::size_t regions, int as_of, const progress::volatility_options& options)
      : data_(data), regions_(regions), as_of_(as_of), options_(options) {}

  /// Sets outcome::volatile_series on the outcomes (of one rule) whose series fluctuates.
  void mark(const reader::lookup& series, std::span<outcome> outcomes) {
    auto& known = known_for(series);
    for (auto& o : outcomes) {
      auto& flag = known[o.region];
      if (flag < 0) flag = compute(series, o.region) ? 1 : 0;
      if (flag == 1) o.flags |= outcome::volatile_series;
    }
  }

private:
  struct entry {
    catalogue::index indicator;
    std::string slice;
    std::vector<signed char> by_region; ///< -1 not yet computed, 0 or 1
  };

  std::vector<signed char>& known_for(const reader::lookup& series) {
    for (auto& e : entries_)
      if (e.indicator == series.indicator && e.slice == *series.slice) return e.by_region;
    entries_.push_back({series.indicator, *series.slice, std::vector<signed char>(regions_, -1)});
    return entries_.back().by_region;
  }

  // The values go straight into the columns progress::volatility reads.
  bool compute(const reader::lookup& series, region_id region) {
    const auto n = data_.columns(series, region, 1900, as_of_, years_, values_);
    if (n < 3) return false;
    return progress::volatility(progress::observations(years_.data(), values_.data(), n), options_).flagged;
  }

  const reader& data_;
  std::size_t regions_;
  int as_of_;
  const progress::volatility_options& options_;
  std::deque<entry> entries_;
  std::vector<int> years_;
  std::vector<double> values_;
};

/// Everything an evaluation run shares between threads (read-only once built).
struct context {
  const program& compiled;
  const measurement_set& data;
  const evaluation_options& options;
  std::vector<indicator_index> data_indicator;
  std::vector<double> unit_factor;
  int as_of = 0;
};

inline void bind(context& c) {
  const auto& plan_catalogue = c.compiled.plan().catalogue;
  const auto& data_catalogue = c.data.catalogue();
  c.data_indicator.assign(plan_catalogue.size(), catalogue::npos);
  c.unit_factor.assign(plan_catalogue.size(), 1.0);
  for (std::size_t i = 0; i < plan_catalogue.size(); ++i) {
    const auto& info = plan_catalogue[i];
    auto found = data_catalogue.find(info.id);
    if (found == catalogue::npos) found = data_catalogue.find(info.name);
    if (found == catalogue::npos) continue;
    const auto& data_unit = data_catalogue[found].unit;
    if (!comparable(data_unit, info.unit)) continue; // the same name for a different quantity: no data
    c.data_indicator[i] = found;
    c.unit_factor[i] = data_unit.scale / info.unit.scale;
  }
}

/// The region a plan is for, written as a name ("西岗区") or with its parents
/// run together ("大连市西岗区").
inline region_id plan_region(const region_hierarchy& regions, const std::string& name) {
  if (name.empty()) return no_region;
  if (const auto r = regions.find(name); r != no_region) return r;
  for (region_id r = 0; r < regions.size(); ++r) {
    auto path = regions.path(r);
    path.erase(std::remove(path.begin(), path.end(), '/'), path.end());
    if (path == name) return r;
  }
  for (region_id r = 0; r < regions.size(); ++r) {
    const auto& own = regions[r].name;
    if (name.size() > own.size() && name.ends_with(own)) return r; // 大连市西岗区 → 西岗区
  }
  return no_region;
}

inline int latest_year(const context& c) {
  int latest = 0;
  for (const auto& rule : c.compiled.rules()) {
    if (rule.indicator == catalogue::npos || c.data_indicator[rule.indicator] == catalogue::npos) continue;
    for (const auto& s : c.data.series(c.data_indicator[rule.indicator])) {
      const auto view = c.data.view(s);
      if (const auto last = view.latest()) latest = std::max(latest, last->year);
    }
  }
  return latest;
}

} // namespace detail::evaluating

PLANRULES_DECL const checked_rule& evaluation::rule_of(const outcome& o) const noexcept {
  return program_.plan().rules[o.rule];
}

PLANRULES_DECL std::string evaluation::region_name(const outcome& o) const {
  return o.region < data_.regions().size() ? data_.regions()[o.region].name : std::string();
}

PLANRULES_DECL const outcome* evaluation::find(std::string_view rule_id, std::string_view region) const {
  const auto r = data_.regions().find(region);
  if (r == no_region) return nullptr;
  for (const auto& o : outcomes_)
    if (o.region == r && rule_of(o).id == rule_id) return &o;
  return nullptr;
}

PLANRULES_DECL status_counts evaluation::counts(std::optional<ast::area_key> area, std::optional<region_id> region) const {
  status_counts counts;
  for (const auto& o : outcomes_) {
    if (region && o.region != *region) continue;
    if (area && rule_of(o).area != area) continue;
    auto& bucket = o.is(outcome::aspirational) ? counts.aspirational : counts.binding;
    ++bucket[static_cast<int>(o.status)];
  }
  return counts;
}

PLANRULES_DECL expected<evaluation, error> evaluate(const program& compiled, const measurement_set& data,
                                                    const evaluation_options& options) {
  using namespace detail::evaluating;
  try {
    evaluation result;
    result.program_ = compiled;
    result.data_ = data;
    result.options_ = options;
    context c{compiled, data, options, {}, {}, 0};
    bind(c);
    result.data_indicator_ = c.data_indicator;
    result.unit_factor_ = c.unit_factor;
    c.as_of = options.as_of ? *options.as_of : latest_year(c); // value_or would scan every series anyway
    if (c.as_of == 0 && compiled.plan().header.period) c.as_of = compiled.plan().header.period->first;
    result.as_of_ = c.as_of;

    // Regions: those named with everything below them; by default the plan's own
    // region and below (a city is not its one district in the data), else every region.
    const auto& hierarchy = data.regions();
    std::vector<region_id> roots;
    for (const auto& name : options.regions) {
      const auto r = hierarchy.find(name);
      if (r == no_region) return fail(errc::not_found, "unknown region '" + name + "'");
      roots.push_back(r);
    }
    if (options.regions.empty())
      if (const auto own = plan_region(hierarchy, compiled.plan().header.region); own != no_region) roots.push_back(own);
    std::vector<bool> chosen(hierarchy.size(), roots.empty());
    for (const auto r : roots)
      for (auto d = r; d < hierarchy.subtree_end(r); ++d) chosen[d] = true;
    for (region_id r = 0; r < hierarchy.size(); ++r)
      if (chosen[r]) result.regions_.push_back(r);

    reader data_reader(data, compiled.plan(), c.data_indicator, c.unit_factor, c.as_of, options.as_of_release);
    data_reader.prepare(compiled.rules());

    const auto& rules = compiled.rules();
    const unsigned threads = std::max(1u, options.threads == 0 ? std::thread::hardware_concurrency() : options.threads);
    // Rules that read the same series form a group, judged by one worker, which then
    // computes each series' volatility once; a worker takes the next group when done.
    std::vector<std::vector<std::size_t>> groups;
    {
      std::map<std::pair<catalogue::index, std::string>, std::size_t> group_of;
      for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto [it, added] = group_of.try_emplace({rules[i].indicator, rules[i].slice}, groups.size());
        if (added) groups.emplace_back();
        groups[it->second].push_back(i);
      }
    }
    const std::size_t parts = std::min<std::size_t>(threads, std::max<std::size_t>(groups.size(), 1));
    // The regions each rule is judged in, in region order: every evaluated region
    // unless the rule names one or is quantified.
    std::vector<std::vector<region_id>> rule_regions(rules.size());
    std::vector<std::size_t> first_outcome(rules.size() + 1, 0);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const auto& rule = rules[i];
      std::size_t count = result.regions_.size();
      if (!rule.region.empty() || rule.quantifier) {
        const region_id only = rule.region.empty() ? no_region : hierarchy.find(rule.region);
        for (const auto r : result.regions_) {
          if (!rule.region.empty() && r != only) continue;
          // A quantified rule speaks about sub-regions: judged where there are
          // some, and reported as lacking data at a top region without any.
          if (rule.quantifier && hierarchy[r].parent != no_region &&
              hierarchy.descendants(r, rule.quantifier->level).empty())
            continue;
          rule_regions[i].push_back(r);
        }
        count = rule_regions[i].size();
      }
      first_outcome[i + 1] = first_outcome[i] + count;
    }
    // Outcomes in rule order, then region order, whatever the threads did: each
    // rule writes its own stretch.
    result.outcomes_.resize(first_outcome.back());
    std::atomic<std::size_t> next_group{0};
    auto work = [&] {
      volatility_flags flags(data_reader, hierarchy.size(), c.as_of, options.volatility);
      for (std::size_t g; (g = next_group.fetch_add(1)) < groups.size();)
        for (const std::size_t i : groups[g]) {
          const auto& rule = rules[i];
          const std::span<outcome> out(result.outcomes_.data() + first_outcome[i], first_outcome[i + 1] - first_outcome[i]);
          const auto& regions = rule.region.empty() && !rule.quantifier ? result.regions_ : rule_regions[i];
          judge_rule judge(data_reader, rule, compiled.plan(), options, hierarchy);
          for (std::size_t k = 0; k < out.size(); ++k) judge.run(regions[k], out[k], nullptr);
          // Volatility of the series each outcome judged (not for quantified rules).
          if (rule.indicator != catalogue::npos && !rule.quantifier)
            flags.mark(data_reader.find(rule.indicator, rule.slice), out);
        }
    };
    if (parts == 1) {
      work();
    } else {
      std::vector<std::thread> pool;
      for (std::size_t p = 0; p < parts; ++p) pool.emplace_back(work);
      for (auto& t : pool) t.join();
    }
    return result;
  } catch (const std::exception& e) {
    return fail(errc::internal, std::string("evaluation failed: ") + e.what());
  }
}

PLANRULES_DECL explainer::explainer(const evaluation& result) : result_(result) {
  reader_ = std::make_unique<detail::evaluating::reader>(result.data(), result.program().plan(), result.data_indicator_,
                                                         result.unit_factor_, result.as_of(),
                                                         result.options_.as_of_release);
  reader_->prepare(result.program().rules());
}

PLANRULES_DECL explainer::~explainer() = default;

PLANRULES_DECL explanation explainer::explain(const outcome& o) const {
  using namespace detail::evaluating;
  explanation why;
  try {
    const auto& compiled = result_.program();
    const auto& rule = compiled.rules()[o.rule];
    judge_rule judge(*reader_, rule, compiled.plan(), result_.options_, result_.data().regions());
    outcome again;
    judge.run(o.region, again, &why);
    if (o.is(outcome::volatile_series)) {
      std::vector<int> years;
      std::vector<double> values;
      for (const auto& v : observed(o)) {
        years.push_back(v.year);
        values.push_back(v.value);
      }
      why.volatility = progress::volatility(progress::observations(years, values), result_.options_.volatility);
      why.notes.push_back("the year-over-year changes fluctuate strongly");
      why.notes_zh.push_back("逐年变化波动较大");
    }
  } catch (const std::exception& e) {
    why.notes.push_back(std::string("could not explain: ") + e.what());
    why.notes_zh.push_back(std::string("无法说明：") + e.what());
  }
  return why;
}

PLANRULES_DECL std::vector<cited_value> explainer::observed(const outcome& o) const {
  std::vector<cited_value> out;
  const auto& rule = result_.program().rules()[o.rule];
  if (rule.indicator == catalogue::npos || rule.quantifier) return out;
  std::vector<detail::evaluating::observation> points;
  reader_->series(rule.indicator, rule.slice, o.region, 1900, result_.as_of(), points);
  for (const auto& p : points)
    out.push_back({p.year, p.value, p.qualifier, p.derived,
                   std::string(reader_->source(rule.indicator, rule.slice, o.region, p.year))});
  return out;
}

PLANRULES_DECL explanation explain(const evaluation& result, const outcome& o) { return explainer(result).explain(o); }

PLANRULES_DECL std::vector<outcome_change> changes_between(const evaluation& before, const evaluation& after) {
  std::vector<outcome_change> changes;
  auto key = [](const evaluation& e, const outcome& o) { return e.rule_of(o).id + "\x1f" + e.region_name(o); };
  std::unordered_map<std::string, const outcome*> earlier;
  for (const auto& o : before.outcomes()) earlier.emplace(key(before, o), &o);
  std::unordered_map<std::string, bool> seen;
  auto value_of = [](const outcome& o) { return o.year != 0 ? std::optional<double>(o.actual) : std::nullopt; };
  auto indicator_of = [](const evaluation& e, const outcome& o) {
    const auto i = e.rule_of(o).indicator;
    return i == catalogue::npos ? std::string() : e.program().plan().catalogue[i].id;
  };
  auto unit_of = [](const evaluation& e, const outcome& o) { return e.rule_of(o).unit_text; };
  for (const auto& o : after.outcomes()) {
    const auto k = key(after, o);
    seen[k] = true;
    const auto it = earlier.find(k);
    if (it == earlier.end()) {
      changes.push_back({after.rule_of(o).id, after.region_name(o), indicator_of(after, o), unit_of(after, o), std::nullopt,
                         o.status, std::nullopt, value_of(o)});
      continue;
    }
    const auto& b = *it->second;
    const auto before_value = value_of(b), after_value = value_of(o);
    if (b.status != o.status || before_value != after_value)
      changes.push_back({after.rule_of(o).id, after.region_name(o), indicator_of(after, o), unit_of(after, o), b.status,
                         o.status, before_value, after_value});
  }
  for (const auto& o : before.outcomes())
    if (!seen.count(key(before, o)))
      changes.push_back({before.rule_of(o).id, before.region_name(o), indicator_of(before, o), unit_of(before, o), o.status,
                         std::nullopt, value_of(o), std::nullopt});
  return changes;
}

} // namespace planrules

#endif
