#ifndef PLANRULES_PROGRESS_HPP
#define PLANRULES_PROGRESS_HPP

// Progress of one indicator series toward a target with a deadline, by the
// published methods: the Open SDG / Eurostat growth ratio, the UN progress-chart
// projection and the ESCAP indices; plus the change still required per year and
// the volatility flag (波动较大). Pure, unit-free, locale-independent functions of
// (year, value) observations. A series the method cannot judge gets a verdict
// (insufficient_data, not_assessable) and a reason, never NaN and never an error.
// docs/progress.md gives the formulas and every edge-case decision.

#include <planrules/ast.hpp>
#include <planrules/config.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace planrules::progress {

/// Base year of the published methods when none is given (the first year of the 2030 Agenda).
inline constexpr int default_base_year = 2015;

/// One series: values[i] was observed in years[i]. Non-owning and in any order;
/// NaN and infinite values count as missing.
struct observations {
  std::span<const int> years;
  std::span<const double> values;

  observations() = default;
  observations(std::span<const int> y, std::span<const double> v) noexcept : years(y), values(v) {}
  /// Columnar buffers of n entries each; a null buffer reads as no observations.
  observations(const int* y, const double* v, std::size_t n) noexcept
      : years(y && v ? std::span<const int>(y, n) : std::span<const int>()),
        values(y && v ? std::span<const double>(v, n) : std::span<const double>()) {}
};

/// What a series is judged against.
struct target {
  std::optional<double> value; ///< yT; none for a goal without a number ("持续下降", "逐步提高")
  int year = 2030;             ///< the deadline T
  ast::better_direction better = ast::better_direction::unspecified;
};

/// Trend used to project a series to its deadline.
enum class projection_model : std::uint8_t {
  compound, ///< the growth-ratio CAGR from the base year to the latest year, compounded on
  linear,   ///< the average change per year from the base year to the latest year, added on
};

/// Choices the published methods leave to the user.
struct progress_options {
  /// t0 is this year, or the first later year with data. Pass the plan's baseline year
  /// (e.g. 2020 for a 2021–2030 plan) to measure from it.
  int base_year = default_base_year;
  /// Stands in for a zero base or target value in a growth rate (Open SDG's 0.001).
  double zero_replacement = 0.001;
  /// ESCAP regression: weight of the latest fitted year relative to the earliest (≥ 1 favours recent years).
  double recent_weight = 2.0;
  /// ESCAP regression: earliest year it uses (default: every year up to the target year).
  int first_fit_year = std::numeric_limits<int>::min();
  /// required_change: trend behind the projected value.
  projection_model model = projection_model::compound;
};

/// A verdict on a series' progress, shared by every method.
enum class progress_class : std::uint8_t {
  achieved,           ///< the latest value already meets the target
  on_track,           ///< substantial progress
  needs_acceleration, ///< moderate progress, acceleration needed
  limited_progress,   ///< limited, little or no progress
  moving_away,        ///< moving away from the target
  insufficient_data,  ///< too few usable observations
  not_assessable,     ///< the method does not apply to these inputs; see `issue`
};

/// Why a method gave no verdict, or which special rule decided it.
enum class progress_issue : std::uint8_t {
  none,
  too_few_points,             ///< fewer than two usable observations between base and target year
  no_data_from_base_year,     ///< nothing observed from the base year up to the target year
  direction_unspecified,      ///< the indicator does not say whether higher or lower is better
  no_target,                  ///< the method needs a numeric target
  invalid_target,             ///< the target value is NaN or infinite
  invalid_option,             ///< an option is out of range
  length_mismatch,            ///< years and values differ in length
  duplicate_year,             ///< one year observed twice with different values
  target_year_not_after_base, ///< T ≤ t0: no span of years to progress over
  mixed_signs,                ///< base, latest or target values differ in sign
  overflow,                   ///< a growth rate or projection is not a finite number
  target_equals_base,         ///< decided: the target is the base value and the latest value falls short
  base_met_target,            ///< decided: the base value met the target, the latest value does not
  deadline_reached,           ///< no year is left before the deadline
};

/// What every method reports besides its own numbers.
struct assessment {
  progress_class cls = progress_class::insufficient_data;
  progress_issue issue = progress_issue::none;
  std::string reason;                 ///< plain English when a special rule applied; empty otherwise
  int base_year = 0;                  ///< t0 (0 when no observation qualified)
  double base_value = 0;              ///< y0 as observed, before any zero replacement
  int latest_year = 0;                ///< t, the last year observed up to the target year
  double latest_value = 0;            ///< yt
  int target_year = 0;                ///< T
  std::optional<double> target_value; ///< yT as given, before any zero replacement
  std::size_t points = 0;             ///< observations from t0 to t
  std::size_t ignored = 0;            ///< NaN or infinite values skipped
  bool truncated = false;             ///< observations after the target year were left out
  bool zero_replaced = false;         ///< a zero base or target was replaced; Open SDG warns this can distort the result
};

/// Open SDG / Eurostat growth ratio of one series.
struct growth_ratio_result : assessment {
  std::optional<double> ratio;         ///< R = s·d·CAGR_obs / |CAGR_req|; without a numeric target P = s·d·CAGR_obs
  std::optional<double> score;         ///< −5 … 5; 5 when achieved
  std::optional<double> cagr_observed; ///< CAGR_obs, from t0 to t
  std::optional<double> cagr_required; ///< CAGR_req, from t0 to T
  int sign = 1;                        ///< s: −1 when the base value is negative
};

/// UN progress-chart projection of one series.
struct projection_result : assessment {
  std::optional<double> ratio;     ///< (ŷT − y0) / (yT − y0)
  std::optional<double> cagr;      ///< CAGR_a, from t0 to t
  std::optional<double> projected; ///< ŷT = yt·(1 + CAGR_a)^(T − t)
  bool moving_away = false;        ///< the trend leads away from the target (ratio < 0, or growth the wrong way)
};

/// ESCAP current-status and anticipated-progress indices of one series.
struct escap_result : assessment {
  std::optional<double> current_status;    ///< (yt − y0) / (yT − y0): share of the required progress made
  std::optional<double> projected;         ///< ŷT from the time-weighted linear regression
  std::optional<double> anticipated_share; ///< (ŷT − y0) / (yT − y0): share of the required progress expected by T
  std::optional<double> anticipated_gap;   ///< (yT − ŷT) / (yT − y0) = 1 − anticipated_share
  std::optional<double> slope;             ///< regression change per year
  std::size_t fitted = 0;                  ///< observations in the regression
};

/// Change still required to reach a target by its deadline, and where the trend leads.
struct required_change_result {
  progress_issue issue = progress_issue::none;
  std::string reason;                 ///< plain English when something could not be computed; empty otherwise
  int latest_year = 0;                ///< t
  double latest_value = 0;            ///< yt
  int target_year = 0;                ///< T
  std::optional<double> target_value; ///< yT
  int years_left = 0;                 ///< T − t
  bool already_met = false;           ///< yt meets the target: nothing more is required
  std::optional<double> per_year;     ///< (yT − yt) / (T − t), in the indicator's unit; 0 when met
  std::optional<double> rate_per_year; ///< (yT / yt)^(1 / (T − t)) − 1; 0 when met
  int base_year = 0;                  ///< t0, start of the observed trend (0 when there is none)
  double base_value = 0;              ///< y0
  std::optional<double> observed_per_year; ///< (yt − y0) / (t − t0)
  std::optional<double> observed_rate;     ///< CAGR_obs, (yt / y0)^(1 / (t − t0)) − 1
  projection_model model = projection_model::compound; ///< trend behind `projected`
  std::optional<double> projected;        ///< value at T if the observed trend continues
  std::optional<bool> projected_meets;    ///< `projected` meets the target
  std::size_t ignored = 0;                ///< NaN or infinite values skipped
  bool truncated = false;                 ///< observations after the target year were left out
};

/// Thresholds of the volatility flag.
struct volatility_options {
  double threshold = 0.05;       ///< flag when sd of the per-year changes ≥ threshold × mean |value|
  std::size_t min_reversals = 1; ///< … and the changes reverse direction at least this often
};

/// Whether a series fluctuates strongly (波动较大).
struct volatility_result {
  bool flagged = false;
  progress_issue issue = progress_issue::none; ///< too_few_points below three observations
  std::string reason;
  std::size_t points = 0;    ///< usable observations
  std::size_t ignored = 0;   ///< NaN or infinite values skipped
  std::size_t changes = 0;   ///< year-over-year changes measured (points − 1)
  std::size_t reversals = 0; ///< sign changes between successive non-zero changes
  double mean_change = 0;    ///< mean change per year
  double sd_change = 0;      ///< sample standard deviation of the changes per year
  double mean_level = 0;     ///< mean |value|
  double dispersion = 0;     ///< sd_change / mean_level
};

/// Growth ratios of several series of one indicator (by sex, by area) combined.
struct indicator_progress {
  progress_class cls = progress_class::insufficient_data;
  std::optional<double> score; ///< mean score of the series that have one
  std::size_t series = 0;      ///< series given
  std::size_t assessed = 0;    ///< series with a score
  std::size_t achieved = 0;    ///< series that achieved their target
};

/// Open SDG / Eurostat growth-ratio method; without a target value, its no-target variant.
PLANRULES_DECL growth_ratio_result growth_ratio(observations series, const target& goal,
                                                const progress_options& options = {});

/// UN progress-chart projection; without a target value, its no-target variant.
PLANRULES_DECL projection_result projection(observations series, const target& goal,
                                            const progress_options& options = {});

/// ESCAP indices with a time-weighted linear regression; needs a target value.
PLANRULES_DECL escap_result escap(observations series, const target& goal, const progress_options& options = {});

/// Change per year still required from the latest observation to the target, and the projected value.
PLANRULES_DECL required_change_result required_change(observations series, const target& goal,
                                                      const progress_options& options = {});

/// Volatility flag: the changes reverse direction and their spread is large against the level.
PLANRULES_DECL volatility_result volatility(observations series, const volatility_options& options = {});

/// Indicator score = mean of the series scores; achieved only when every series is achieved.
PLANRULES_DECL indicator_progress aggregate(std::span<const growth_ratio_result> series);

/// Compound annual growth rate (v1 / v0)^(1 / (t1 − t0)) − 1; none when t1 ≤ t0, v0 = 0,
/// the values differ in sign, or the result is not finite.
PLANRULES_DECL std::optional<double> cagr(int t0, double v0, int t1, double v1) noexcept;

/// Open SDG class of a growth ratio R (finite): 0.95, 0.6 and 0 separate the classes.
PLANRULES_DECL progress_class classify_ratio(double ratio) noexcept;

/// Open SDG class without a numeric target (finite P): 0.015, 0.005 and 0 separate the classes.
PLANRULES_DECL progress_class classify_growth(double p) noexcept;

/// Open SDG score of a growth ratio R (finite): min(7.1429·R − 4.2857, 5) from 0.6, else max(4.1667·R − 2.5, −5).
PLANRULES_DECL double ratio_score(double ratio) noexcept;

/// Open SDG score without a numeric target (finite P): piecewise linear, −5 at P ≤ −2 %, 5 at P ≥ 2 %.
PLANRULES_DECL double growth_score(double p) noexcept;

/// Class of a score (−5 … 5): on track from 2.5, needs acceleration from 0, limited from −2.5.
PLANRULES_DECL progress_class classify_score(double score) noexcept;

// Stable names, used in JSON and reports.
PLANRULES_DECL std::string_view to_string(progress_class c) noexcept; ///< "achieved", "on_track", …
PLANRULES_DECL std::string_view to_string(progress_issue i) noexcept; ///< "none", "too_few_points", …
PLANRULES_DECL std::string_view to_string(projection_model m) noexcept; ///< "compound", "linear"

} // namespace planrules::progress

#endif
