#ifndef PLANRULES_EVALUATE_HPP
#define PLANRULES_EVALUATE_HPP

// Evaluation of a compiled plan against a measurement set: a status for every
// rule × region, with the numbers behind it; projections and early warnings
// for goals not yet due; roll-ups; comparison of two evaluations.

#include <planrules/measurements.hpp>
#include <planrules/program.hpp>
#include <planrules/progress.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace planrules {

/// The verdict on one rule in one region (SPEC §5).
enum class status : std::uint8_t {
  met,               ///< the target is reached (by its deadline, or already before it)
  not_met,           ///< the deadline has passed, or an every-year bound or trend broke
  no_data,           ///< no value to judge by
  insufficient_data, ///< values, but too few (a trend from one year) or only a bound that settles nothing
  not_yet_due,       ///< the deadline is after the evaluation year; see the projection
  not_measurable,    ///< a qualitative goal
  error,             ///< the rule could not be evaluated here (e.g. a zero baseline); isolated to this result
};

/// "met", "not_met", … (stable, used in JSON and CSV).
PLANRULES_DECL std::string_view to_string(status s) noexcept;
/// 达标, 未达标, 无数据, 数据不足, 未到期, 不可测量, 错误.
PLANRULES_DECL std::string_view chinese_name(status s) noexcept;

struct evaluation_options {
  /// Evaluate as of this year: later values are ignored and later deadlines are
  /// not yet due. Default: the latest year with a value for any rule's indicator.
  std::optional<int> as_of;
  /// Ignore values whose release sorts after this (releases compare as text, so
  /// write them as dates: "2025-01"). Values without a release are kept.
  std::optional<std::string> as_of_release;
  /// Regions to evaluate (names or paths) with everything below them; empty: every region.
  std::vector<std::string> regions;
  /// Trend methods; base_year defaults to the plan's baseline year.
  progress::progress_options progress;
  progress::volatility_options volatility;
  /// Worker threads; 0 uses every core.
  unsigned threads = 1;
};

/// The compact verdict of one rule in one region. Explanations are built on
/// demand (explain), so evaluating half a million of these allocates nothing per result.
struct outcome {
  std::uint32_t rule = 0; ///< index into program::rules() (and the plan's rules)
  region_id region = 0;
  planrules::status status = status::no_data;
  progress::progress_class progress = progress::progress_class::insufficient_data; ///< not-yet-due rules
  std::uint16_t flags = 0;
  std::int16_t year = 0;     ///< the year of the value judged (0 when none)
  double actual = 0;         ///< the value judged, in the compared unit (valid when year != 0)
  double target = 0;         ///< the target it was judged against (valid when has_target)
  double projected = 0;      ///< the value projected for the deadline (valid when has_projection)
  double required = 0;       ///< change still required per year (valid when has_required)

  static constexpr std::uint16_t aspirational = 1;     ///< 力争: never a failure of a binding goal
  static constexpr std::uint16_t early = 2;            ///< met before its deadline
  static constexpr std::uint16_t volatile_series = 4;  ///< year-over-year changes fluctuate strongly (波动较大)
  static constexpr std::uint16_t has_target = 8;
  static constexpr std::uint16_t has_projection = 16;
  static constexpr std::uint16_t has_required = 32;
  static constexpr std::uint16_t derived = 64;         ///< the value was rolled up from sub-regions
  static constexpr std::uint16_t bound_only = 128;     ///< the value is a lower bound (or, with upper_bound, an upper one)
  static constexpr std::uint16_t upper_bound = 256;    ///< with bound_only: the value is an upper bound
  static constexpr std::uint16_t has_progress = 512;   ///< `progress` was computed (not-yet-due and early goals)

  bool is(std::uint16_t flag) const noexcept { return (flags & flag) != 0; }
};

/// A value an explanation cites.
struct cited_value {
  int year = 0;
  double value = 0;
  value_qualifier qualifier = value_qualifier::exact;
  bool derived = false; ///< rolled up from sub-regions
  std::string source;
};

/// Why an outcome is what it is: the values used, the target, the gap, the trend.
struct explanation {
  std::vector<cited_value> values;     ///< in the indicator's unit
  std::optional<double> target;
  std::optional<double> actual;
  std::optional<double> gap;           ///< actual − target, in the compared unit
  std::optional<int> baseline_year;
  std::optional<double> baseline_value;
  std::optional<double> change;        ///< computed change (per year for change rules)
  std::optional<double> growth;        ///< computed compound annual growth (a fraction)
  std::optional<progress::growth_ratio_result> growth_ratio; ///< not-yet-due: Open SDG / Eurostat
  std::optional<progress::projection_result> projection;     ///< not-yet-due: UN progress chart
  std::optional<progress::required_change_result> required;  ///< not-yet-due: change still needed
  std::optional<progress::volatility_result> volatility;
  std::size_t sub_regions = 0;         ///< quantified rules: sub-regions judged
  std::size_t sub_regions_met = 0;
  std::vector<std::string> notes;      ///< plain-English sentences, in order
  std::vector<std::string> notes_zh;   ///< the same sentences in Chinese
};

/// Counts of statuses; binding and aspirational rules are counted apart.
struct status_counts {
  std::size_t binding[7] = {};
  std::size_t aspirational[7] = {};
  std::size_t count(status s) const noexcept { return binding[static_cast<int>(s)]; }
  std::size_t total_binding() const noexcept;
  /// Binding rules met, as a share of binding rules that could be judged (met or not met).
  std::optional<double> share_met() const noexcept;
};

/// The results of one evaluation. Owns what it needs (the program and the set
/// are shared, not copied).
class evaluation {
public:
  const planrules::program& program() const noexcept { return program_; }
  const measurement_set& data() const noexcept { return data_; }
  int as_of() const noexcept { return as_of_; }
  const std::vector<outcome>& outcomes() const noexcept { return outcomes_; }
  /// Regions evaluated, in hierarchy order.
  const std::vector<region_id>& regions() const noexcept { return regions_; }
  const evaluation_options& options() const noexcept { return options_; }

  /// The rule id and region name of an outcome.
  PLANRULES_DECL const checked_rule& rule_of(const outcome& o) const noexcept;
  PLANRULES_DECL std::string region_name(const outcome& o) const;

  /// The outcome of a rule (by id) in a region (by name or path), or nullptr.
  PLANRULES_DECL const outcome* find(std::string_view rule_id, std::string_view region) const;

  /// Counts per area (index by ast::area_key), for the whole plan, per region.
  PLANRULES_DECL status_counts counts(std::optional<ast::area_key> area = std::nullopt,
                                      std::optional<region_id> region = std::nullopt) const;

private:
  friend PLANRULES_DECL expected<evaluation, error> evaluate(const planrules::program&, const measurement_set&,
                                                              const evaluation_options&);
  friend class explainer;
  planrules::program program_;
  measurement_set data_;
  evaluation_options options_;
  int as_of_ = 0;
  std::vector<outcome> outcomes_;
  std::vector<region_id> regions_;
  std::vector<indicator_index> data_indicator_; ///< plan indicator → set indicator (or npos)
  std::vector<double> unit_factor_;             ///< set unit → plan unit, per plan indicator
};

/// Evaluates every rule in every selected region. Fails only for bad options
/// (an unknown region); problems with single rules are `status::error` outcomes.
PLANRULES_DECL expected<evaluation, error> evaluate(const program& compiled, const measurement_set& data,
                                                    const evaluation_options& options = {});

namespace detail::evaluating {
class reader;
}

/// Explains many outcomes of one evaluation, binding the data once.
class explainer {
public:
  PLANRULES_DECL explicit explainer(const evaluation& result);
  PLANRULES_DECL ~explainer();
  explainer(const explainer&) = delete;
  explainer& operator=(const explainer&) = delete;

  /// The values, target, gap and trend behind one outcome.
  PLANRULES_DECL explanation explain(const outcome& o) const;
  /// Every value of the outcome's indicator in its region up to the evaluation year,
  /// in the plan's unit (roll-ups from sub-regions included); empty for quantified rules.
  PLANRULES_DECL std::vector<cited_value> observed(const outcome& o) const;

private:
  const evaluation& result_;
  std::unique_ptr<detail::evaluating::reader> reader_;
};

/// The values, target, gap and trend behind one outcome (binds the data for one
/// call; use an explainer for many).
PLANRULES_DECL explanation explain(const evaluation& result, const outcome& o);

/// One difference between two evaluations of the same plan.
struct outcome_change {
  std::string rule_id;
  std::string region;
  std::string indicator; ///< the indicator's id
  std::string unit;      ///< of the values
  std::optional<status> before, after; ///< none where the outcome is only on one side
  std::optional<double> actual_before, actual_after;
};

/// What changed between two evaluations (e.g. two data releases): every
/// rule × region whose status or judged value differs.
PLANRULES_DECL std::vector<outcome_change> changes_between(const evaluation& before, const evaluation& after);

} // namespace planrules

#endif
