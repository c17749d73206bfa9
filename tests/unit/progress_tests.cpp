#include <boost/test/unit_test.hpp>

#include <planrules/progress.hpp>

#include <cmath>
#include <limits>
#include <locale>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

// Every expected number was computed by hand (python3, straight from the formulas
// in ../shared/progress_methods.md), never by running this library; the
// arithmetic is next to each number. Values are printed to 10 decimals, so the
// comparisons allow 1e-9.

#define CHECK_VALUE(opt, want)                                                                                     \
  do {                                                                                                             \
    BOOST_TEST_REQUIRE((opt).has_value());                                                                         \
    BOOST_CHECK_SMALL(*(opt) - (want), 1e-9);                                                                      \
  } while (false)

// Failed checks print the stable names.
namespace planrules::progress {
inline std::ostream& boost_test_print_type(std::ostream& out, progress_class c) { return out << to_string(c); }
inline std::ostream& boost_test_print_type(std::ostream& out, progress_issue i) { return out << to_string(i); }
inline std::ostream& boost_test_print_type(std::ostream& out, projection_model m) { return out << to_string(m); }
} // namespace planrules::progress

BOOST_AUTO_TEST_SUITE(progress)

using namespace planrules::progress;
using planrules::ast::better_direction;

namespace {

constexpr auto higher = better_direction::higher;
constexpr auto lower = better_direction::lower;

struct series {
  std::vector<int> years;
  std::vector<double> values;
  observations view() const { return {years, values}; }
};

// The national infant mortality rate, ‰ (NBS monitoring reports on the 2021–2030 outline).
const series infant_mortality{{2020, 2021, 2022, 2023, 2024}, {5.4, 5.0, 4.9, 4.5, 4.0}};

const series base_2015(double latest) { return {{2015, 2020}, {100, latest}}; }

} // namespace

// ---- growth ratio (Open SDG / Eurostat), one class each

BOOST_AUTO_TEST_CASE(growth_ratio_achieved) {
  const auto r = growth_ratio(series{{2015, 2020}, {50, 60}}.view(), {55.0, 2030, higher});
  BOOST_TEST(r.cls == progress_class::achieved); // 60 ≥ 55
  CHECK_VALUE(r.score, 5.0);
  CHECK_VALUE(r.cagr_observed, 0.0371372893); // (60/50)^(1/5) − 1
  CHECK_VALUE(r.cagr_required, 0.0063742415); // (55/50)^(1/15) − 1
  CHECK_VALUE(r.ratio, 5.8261503076);         // 0.0371372893 / 0.0063742415, reported for information
  BOOST_TEST(r.issue == progress_issue::none);
  BOOST_TEST(r.reason.empty());
}

BOOST_AUTO_TEST_CASE(growth_ratio_on_track) {
  const auto r = growth_ratio(base_2015(116).view(), {150.0, 2030, higher});
  CHECK_VALUE(r.cagr_observed, 0.0301289628); // (116/100)^(1/5) − 1
  CHECK_VALUE(r.cagr_required, 0.0273996591); // (150/100)^(1/15) − 1
  CHECK_VALUE(r.ratio, 1.0996108655);         // s·d·CAGR_obs/|CAGR_req| = 1·1·0.0301289628/0.0273996591
  BOOST_TEST(r.cls == progress_class::on_track); // R ≥ 0.95
  CHECK_VALUE(r.score, 3.5687104514);            // 7.1429 × 1.0996108655 − 4.2857
  BOOST_TEST(r.base_year == 2015);
  BOOST_TEST(r.latest_year == 2020);
  BOOST_TEST(r.points == 2u);
  BOOST_TEST(r.sign == 1);
  BOOST_TEST(!r.zero_replaced);
}

BOOST_AUTO_TEST_CASE(growth_ratio_needs_acceleration) {
  const auto r = growth_ratio(base_2015(112).view(), {150.0, 2030, higher});
  CHECK_VALUE(r.ratio, 0.8366730612); // ((112/100)^(1/5) − 1) / 0.0273996591 = 0.0229245566 / 0.0273996591
  BOOST_TEST(r.cls == progress_class::needs_acceleration); // 0.6 ≤ R < 0.95
  CHECK_VALUE(r.score, 1.6905720092);                      // 7.1429 × 0.8366730612 − 4.2857
}

BOOST_AUTO_TEST_CASE(growth_ratio_limited_progress) {
  const auto r = growth_ratio(base_2015(105).view(), {150.0, 2030, higher});
  CHECK_VALUE(r.ratio, 0.3578802806); // ((105/100)^(1/5) − 1) / 0.0273996591 = 0.0098057977 / 0.0273996591
  BOOST_TEST(r.cls == progress_class::limited_progress); // 0 ≤ R < 0.6
  CHECK_VALUE(r.score, -1.0088202349);                   // 4.1667 × 0.3578802806 − 2.5
}

BOOST_AUTO_TEST_CASE(growth_ratio_moving_away) {
  const auto r = growth_ratio(base_2015(95).view(), {150.0, 2030, higher});
  CHECK_VALUE(r.ratio, -0.3724943544); // ((95/100)^(1/5) − 1) / 0.0273996591 = −0.0102062183 / 0.0273996591
  BOOST_TEST(r.cls == progress_class::moving_away); // R < 0
  CHECK_VALUE(r.score, -4.0520722264);              // 4.1667 × −0.3724943544 − 2.5
}

BOOST_AUTO_TEST_CASE(growth_ratio_lower_is_better) {
  // Real infant mortality against a stricter, hypothetical 3.0‰ by 2030. No 2015
  // value: the base year is 2020, the first year with data after 2015.
  const auto r = growth_ratio(infant_mortality.view(), {3.0, 2030, lower});
  BOOST_TEST(r.base_year == 2020);
  BOOST_TEST(r.latest_year == 2024);
  BOOST_TEST(r.points == 5u);
  CHECK_VALUE(r.cagr_observed, -0.0722807721); // (4.0/5.4)^(1/4) − 1
  CHECK_VALUE(r.cagr_required, -0.0570845552); // (3.0/5.4)^(1/10) − 1
  CHECK_VALUE(r.ratio, 1.2662054018);          // 1 · (−1) · −0.0722807721 / 0.0570845552
  BOOST_TEST(r.cls == progress_class::on_track);
  CHECK_VALUE(r.score, 4.7586785648); // 7.1429 × 1.2662054018 − 4.2857
}

BOOST_AUTO_TEST_CASE(growth_ratio_negative_values) {
  // All values negative: s = −1 turns the ratio of values back into the direction of change.
  const auto r = growth_ratio(series{{2015, 2020}, {-20, -15}}.view(), {-10.0, 2030, higher});
  BOOST_TEST(r.sign == -1);
  CHECK_VALUE(r.cagr_observed, -0.0559124887); // (−15/−20)^(1/5) − 1
  CHECK_VALUE(r.cagr_required, -0.0451583961); // (−10/−20)^(1/15) − 1
  CHECK_VALUE(r.ratio, 1.2381415982);          // (−1) · 1 · −0.0559124887 / 0.0451583961
  BOOST_TEST(r.cls == progress_class::on_track);
  CHECK_VALUE(r.score, 4.5582216216); // 7.1429 × 1.2381415982 − 4.2857
}

BOOST_AUTO_TEST_CASE(growth_ratio_zero_base_replaced) {
  const auto r = growth_ratio(series{{2015, 2020}, {0, 2}}.view(), {4.0, 2030, higher});
  BOOST_TEST(r.zero_replaced);
  BOOST_TEST(r.base_value == 0.0); // reported as observed
  CHECK_VALUE(r.cagr_observed, 3.5730505193); // (2/0.001)^(1/5) − 1
  CHECK_VALUE(r.cagr_required, 0.7383504436); // (4/0.001)^(1/15) − 1
  CHECK_VALUE(r.ratio, 4.8392339302);         // 3.5730505193 / 0.7383504436
  BOOST_TEST(r.cls == progress_class::on_track);
  CHECK_VALUE(r.score, 5.0); // min(7.1429 × 4.84 − 4.2857, 5)
  BOOST_TEST(r.reason.find("replaced by 0.001") != std::string::npos);
  BOOST_TEST(r.reason.find("distort") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(growth_ratio_zero_target_replaced) {
  const auto r = growth_ratio(series{{2015, 2020}, {10, 8}}.view(), {0.0, 2030, lower});
  BOOST_TEST(r.zero_replaced);
  BOOST_TEST(*r.target_value == 0.0);
  CHECK_VALUE(r.cagr_observed, -0.0436475002); // (8/10)^(1/5) − 1
  CHECK_VALUE(r.cagr_required, -0.4588304735); // (0.001/10)^(1/15) − 1
  CHECK_VALUE(r.ratio, 0.0951277274);          // (−1) · −0.0436475002 / 0.4588304735
  BOOST_TEST(r.cls == progress_class::limited_progress);
  CHECK_VALUE(r.score, -2.1036312982); // 4.1667 × 0.0951277274 − 2.5
  BOOST_TEST(r.reason.find("target value 0 was replaced") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(growth_ratio_zero_replacement_must_be_positive) {
  progress_options o;
  o.zero_replacement = 0;
  const auto r = growth_ratio(base_2015(116).view(), {150.0, 2030, higher}, o);
  BOOST_TEST(r.cls == progress_class::not_assessable);
  BOOST_TEST(r.issue == progress_issue::invalid_option);
}

BOOST_AUTO_TEST_CASE(growth_ratio_target_equals_base) {
  // R would divide by |CAGR_req| = 0; a shortfall from a target equal to the base is moving away.
  const auto r = growth_ratio(series{{2015, 2020}, {50, 45}}.view(), {50.0, 2030, higher});
  BOOST_TEST(r.cls == progress_class::moving_away);
  BOOST_TEST(r.issue == progress_issue::target_equals_base);
  BOOST_TEST(!r.ratio.has_value());
  CHECK_VALUE(r.score, -5.0);
  CHECK_VALUE(r.cagr_required, 0.0); // (50/50)^(1/15) − 1
}

BOOST_AUTO_TEST_CASE(growth_ratio_base_already_met_target) {
  // Higher is better, base 10 met the target 8, the latest 7 no longer does:
  // CAGR_req < 0, but |CAGR_req| keeps R's sign that of the observed change.
  const auto r = growth_ratio(series{{2015, 2020}, {10, 7}}.view(), {8.0, 2030, higher});
  BOOST_TEST(r.cls == progress_class::moving_away);
  BOOST_TEST_REQUIRE(r.ratio.has_value());
  BOOST_TEST(*r.ratio < 0);
}

// ---- growth ratio without a numeric target: P = s·d·CAGR_obs

BOOST_AUTO_TEST_CASE(growth_ratio_without_target) {
  const target keeps_falling{std::nullopt, 2030, lower};
  const target keeps_rising{std::nullopt, 2030, higher};

  auto r = growth_ratio(series{{2015, 2020}, {10, 9}}.view(), keeps_falling);
  CHECK_VALUE(r.ratio, 0.0208516376); // −1 · ((9/10)^(1/5) − 1)
  BOOST_TEST(r.cls == progress_class::on_track); // P ≥ 0.015
  CHECK_VALUE(r.score, 5.0);                     // P ≥ 0.02
  BOOST_TEST(!r.cagr_required.has_value());

  r = growth_ratio(base_2015(108.5).view(), keeps_rising);
  CHECK_VALUE(r.ratio, 0.0164498302); // (108.5/100)^(1/5) − 1
  BOOST_TEST(r.cls == progress_class::on_track);
  CHECK_VALUE(r.score, 3.2249150825); // 2.5 + 500 × (0.0164498302 − 0.015)

  r = growth_ratio(base_2015(105).view(), keeps_rising);
  CHECK_VALUE(r.ratio, 0.0098057977); // (105/100)^(1/5) − 1
  BOOST_TEST(r.cls == progress_class::needs_acceleration); // 0.005 ≤ P < 0.015
  CHECK_VALUE(r.score, 1.2014494184);                      // 250 × (0.0098057977 − 0.005)

  r = growth_ratio(base_2015(101).view(), keeps_rising);
  CHECK_VALUE(r.ratio, 0.0019920477); // (101/100)^(1/5) − 1
  BOOST_TEST(r.cls == progress_class::limited_progress); // 0 ≤ P < 0.005
  CHECK_VALUE(r.score, -1.5039761667);                   // −2.5 + 500 × 0.0019920477

  r = growth_ratio(base_2015(99).view(), keeps_rising);
  CHECK_VALUE(r.ratio, -0.0020080483); // (99/100)^(1/5) − 1
  BOOST_TEST(r.cls == progress_class::moving_away); // P < 0
  CHECK_VALUE(r.score, -2.7510060423);              // −2.5 + 125 × −0.0020080483

  r = growth_ratio(base_2015(80).view(), keeps_rising);
  CHECK_VALUE(r.ratio, -0.0436475002); // (80/100)^(1/5) − 1
  CHECK_VALUE(r.score, -5.0);          // P ≤ −0.02
}

// ---- scores and classes at the boundaries

BOOST_AUTO_TEST_CASE(ratio_score_at_boundaries) {
  BOOST_CHECK_SMALL(ratio_score(0.95) - 2.500055, 1e-12);    // 7.1429 × 0.95 − 4.2857
  BOOST_CHECK_SMALL(ratio_score(0.6) - 0.00004, 1e-12);      // 7.1429 × 0.6 − 4.2857
  BOOST_CHECK_SMALL(ratio_score(0.5999) - -0.00039667, 1e-12); // 4.1667 × 0.5999 − 2.5
  BOOST_CHECK_SMALL(ratio_score(0.0) - -2.5, 1e-12);         // 4.1667 × 0 − 2.5
  BOOST_CHECK_SMALL(ratio_score(1.0) - 2.8572, 1e-12);       // 7.1429 − 4.2857
  BOOST_TEST(ratio_score(1.3) == 5.0);                       // min(5.00007, 5)
  BOOST_TEST(ratio_score(-0.6) == -5.0);                     // max(−5.00002, −5)
  BOOST_TEST(ratio_score(-1.0) == -5.0);
  BOOST_TEST(ratio_score(40.0) == 5.0);

  BOOST_TEST(classify_ratio(0.95) == progress_class::on_track);
  BOOST_TEST(classify_ratio(0.9499999) == progress_class::needs_acceleration);
  BOOST_TEST(classify_ratio(0.6) == progress_class::needs_acceleration);
  BOOST_TEST(classify_ratio(0.5999999) == progress_class::limited_progress);
  BOOST_TEST(classify_ratio(0.0) == progress_class::limited_progress);
  BOOST_TEST(classify_ratio(-1e-12) == progress_class::moving_away);
  // The rounded published constants keep each boundary's score inside its band.
  BOOST_TEST(classify_score(ratio_score(0.95)) == progress_class::on_track);
  BOOST_TEST(classify_score(ratio_score(0.6)) == progress_class::needs_acceleration);
  BOOST_TEST(classify_score(ratio_score(0.0)) == progress_class::limited_progress);
}

BOOST_AUTO_TEST_CASE(growth_score_at_boundaries) {
  BOOST_CHECK_SMALL(growth_score(0.02) - 5.0, 1e-12);
  BOOST_CHECK_SMALL(growth_score(0.0175) - 3.75, 1e-12); // 2.5 + 500 × 0.0025
  BOOST_CHECK_SMALL(growth_score(0.015) - 2.5, 1e-12);   // 250 × 0.01
  BOOST_CHECK_SMALL(growth_score(0.005) - 0.0, 1e-12);   // 250 × 0
  BOOST_CHECK_SMALL(growth_score(0.0) - -2.5, 1e-12);    // −2.5 + 500 × 0
  BOOST_CHECK_SMALL(growth_score(-0.01) - -3.75, 1e-12); // −2.5 + 125 × −0.01
  BOOST_CHECK_SMALL(growth_score(-0.02) - -5.0, 1e-12);
  BOOST_TEST(growth_score(0.5) == 5.0);
  BOOST_TEST(growth_score(-0.5) == -5.0);

  BOOST_TEST(classify_growth(0.015) == progress_class::on_track);
  BOOST_TEST(classify_growth(0.0149999) == progress_class::needs_acceleration);
  BOOST_TEST(classify_growth(0.005) == progress_class::needs_acceleration);
  BOOST_TEST(classify_growth(0.0049999) == progress_class::limited_progress);
  BOOST_TEST(classify_growth(0.0) == progress_class::limited_progress);
  BOOST_TEST(classify_growth(-1e-12) == progress_class::moving_away);

  BOOST_TEST(classify_score(2.5) == progress_class::on_track);
  BOOST_TEST(classify_score(2.4999999) == progress_class::needs_acceleration);
  BOOST_TEST(classify_score(0.0) == progress_class::needs_acceleration);
  BOOST_TEST(classify_score(-2.5) == progress_class::limited_progress);
  BOOST_TEST(classify_score(-2.5000001) == progress_class::moving_away);
}

// ---- several series of one indicator

BOOST_AUTO_TEST_CASE(aggregate_series) {
  const std::vector<growth_ratio_result> three{
      growth_ratio(base_2015(116).view(), {150.0, 2030, higher}), // score 3.5687104514
      growth_ratio(base_2015(105).view(), {150.0, 2030, higher}), // score −1.0088202349
      growth_ratio(base_2015(160).view(), {150.0, 2030, higher}), // achieved, score 5
  };
  auto a = aggregate(three);
  BOOST_TEST(a.series == 3u);
  BOOST_TEST(a.assessed == 3u);
  BOOST_TEST(a.achieved == 1u);
  CHECK_VALUE(a.score, 2.5199634055); // (3.5687104514 − 1.0088202349 + 5) / 3
  BOOST_TEST(a.cls == progress_class::on_track); // 2.52 ≥ 2.5

  const std::vector<growth_ratio_result> both_met{
      growth_ratio(base_2015(160).view(), {150.0, 2030, higher}),
      growth_ratio(infant_mortality.view(), {5.0, 2030, lower}),
  };
  a = aggregate(both_met);
  BOOST_TEST(a.cls == progress_class::achieved);
  CHECK_VALUE(a.score, 5.0);

  // A series without a score keeps the indicator from "achieved" and stays out of the mean.
  const std::vector<growth_ratio_result> one_unknown{
      growth_ratio(base_2015(160).view(), {150.0, 2030, higher}),
      growth_ratio(series{{2024}, {4.08}}.view(), {4.5, 2025, higher}),
  };
  a = aggregate(one_unknown);
  BOOST_TEST(a.series == 2u);
  BOOST_TEST(a.assessed == 1u);
  CHECK_VALUE(a.score, 5.0);
  BOOST_TEST(a.cls == progress_class::on_track);

  a = aggregate({});
  BOOST_TEST(a.cls == progress_class::insufficient_data);
  BOOST_TEST(!a.score.has_value());
}

// ---- base year, data requirements, inputs

BOOST_AUTO_TEST_CASE(base_year_choice) {
  const series s{{2014, 2016, 2021}, {90, 100, 116}};
  auto r = growth_ratio(s.view(), {150.0, 2030, higher});
  BOOST_TEST(r.base_year == 2016); // no 2015 value: the first year with data after it
  BOOST_TEST(r.points == 2u);
  CHECK_VALUE(r.ratio, 1.0253085477); // ((116/100)^(1/5) − 1) / ((150/100)^(1/14) − 1) = 0.0301289628 / 0.0293852645

  progress_options o;
  o.base_year = 2014;
  r = growth_ratio(s.view(), {150.0, 2030, higher}, o);
  BOOST_TEST(r.base_year == 2014);
  CHECK_VALUE(r.ratio, 1.1380272285); // ((116/90)^(1/7) − 1) / ((150/90)^(1/16) − 1) = 0.0369195639 / 0.0324417228

  // The plan's baseline year: a 2021–2030 plan measures from 2020.
  const series plan{{2018, 2020, 2021}, {100, 110, 116}};
  o.base_year = 2020;
  r = growth_ratio(plan.view(), {150.0, 2030, higher}, o);
  BOOST_TEST(r.base_year == 2020);
  CHECK_VALUE(r.ratio, 1.7315201226); // ((116/110) − 1) / ((150/110)^(1/10) − 1) = 0.0545454545 / 0.0315014846
  CHECK_VALUE(r.score, 5.0);
}

BOOST_AUTO_TEST_CASE(one_observation) {
  // 每千人口拥有3岁以下婴幼儿托位数: only 4.08 (2024) against 4.5 by 2025.
  const series childcare{{2024}, {4.08}};
  const auto r = growth_ratio(childcare.view(), {4.5, 2025, higher});
  BOOST_TEST(r.cls == progress_class::insufficient_data);
  BOOST_TEST(r.issue == progress_issue::too_few_points);
  BOOST_TEST(r.base_year == 2024);
  BOOST_TEST(r.points == 1u);
  BOOST_TEST(!r.score.has_value());
  BOOST_TEST(!r.reason.empty());

  // Achievement needs no trend: one observation that meets the target is achieved.
  const auto met = growth_ratio(series{{2025}, {4.7}}.view(), {4.5, 2025, higher});
  BOOST_TEST(met.cls == progress_class::achieved);
  CHECK_VALUE(met.score, 5.0);
  BOOST_TEST(!met.ratio.has_value());
}

BOOST_AUTO_TEST_CASE(no_data_from_base_year) {
  const auto r = growth_ratio(series{{2010, 2012, 2014}, {1, 2, 3}}.view(), {5.0, 2030, higher});
  BOOST_TEST(r.cls == progress_class::insufficient_data);
  BOOST_TEST(r.issue == progress_issue::no_data_from_base_year);

  const auto empty = growth_ratio(observations{}, {5.0, 2030, higher});
  BOOST_TEST(empty.cls == progress_class::insufficient_data);
}

BOOST_AUTO_TEST_CASE(target_year_not_after_base_year) {
  const auto r = growth_ratio(base_2015(116).view(), {150.0, 2015, higher});
  BOOST_TEST(r.cls == progress_class::not_assessable);
  BOOST_TEST(r.issue == progress_issue::target_year_not_after_base);
}

BOOST_AUTO_TEST_CASE(mixed_signs) {
  const series crossing{{2015, 2020}, {-1, 3}};
  auto r = growth_ratio(crossing.view(), {5.0, 2030, higher});
  BOOST_TEST(r.cls == progress_class::not_assessable);
  BOOST_TEST(r.issue == progress_issue::mixed_signs);
  BOOST_TEST(!r.ratio.has_value());
  // A met target is met whatever the growth model can say.
  r = growth_ratio(crossing.view(), {2.0, 2030, higher});
  BOOST_TEST(r.cls == progress_class::achieved);
  CHECK_VALUE(r.score, 5.0);
  BOOST_TEST(!r.reason.empty());
  // Base and target of different signs.
  r = growth_ratio(series{{2015, 2020}, {-4, -3}}.view(), {1.0, 2030, higher});
  BOOST_TEST(r.issue == progress_issue::mixed_signs);
}

BOOST_AUTO_TEST_CASE(direction_must_be_known) {
  const auto r = growth_ratio(base_2015(116).view(), {150.0, 2030, better_direction::unspecified});
  BOOST_TEST(r.cls == progress_class::not_assessable);
  BOOST_TEST(r.issue == progress_issue::direction_unspecified);
  BOOST_TEST(projection(base_2015(116).view(), {150.0, 2030, better_direction::unspecified}).issue ==
             progress_issue::direction_unspecified);
  BOOST_TEST(required_change(base_2015(116).view(), {150.0, 2030, better_direction::unspecified}).issue ==
             progress_issue::direction_unspecified);
}

BOOST_AUTO_TEST_CASE(non_finite_values_are_missing) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const series holes{{2020, 2021, 2022, 2023, 2024, 2025}, {5.4, nan, 4.9, 4.5, 4.0, inf}};
  const auto r = growth_ratio(holes.view(), {3.0, 2030, lower});
  BOOST_TEST(r.ignored == 2u);
  BOOST_TEST(r.latest_year == 2024);
  CHECK_VALUE(r.ratio, 1.2662054018); // as in growth_ratio_lower_is_better: 2021 is not used by the method

  const auto bad = growth_ratio(infant_mortality.view(), {nan, 2030, lower});
  BOOST_TEST(bad.cls == progress_class::not_assessable);
  BOOST_TEST(bad.issue == progress_issue::invalid_target);
}

BOOST_AUTO_TEST_CASE(series_shape) {
  const std::vector<int> years{2015, 2020};
  const std::vector<double> values{100};
  auto r = growth_ratio({years, values}, {150.0, 2030, higher});
  BOOST_TEST(r.issue == progress_issue::length_mismatch);
  BOOST_TEST(r.cls == progress_class::not_assessable);

  // The same figure twice is harmless; two different figures for a year are ambiguous.
  r = growth_ratio(series{{2015, 2020, 2020}, {100, 116, 116}}.view(), {150.0, 2030, higher});
  CHECK_VALUE(r.ratio, 1.0996108655);
  r = growth_ratio(series{{2015, 2020, 2020}, {100, 116, 117}}.view(), {150.0, 2030, higher});
  BOOST_TEST(r.issue == progress_issue::duplicate_year);

  // Order does not matter.
  r = growth_ratio(series{{2020, 2015}, {116, 100}}.view(), {150.0, 2030, higher});
  CHECK_VALUE(r.ratio, 1.0996108655);

  // Columnar buffers, as the C API hands them over.
  const int y[] = {2015, 2020};
  const double v[] = {100, 116};
  r = growth_ratio(observations(y, v, 2), {150.0, 2030, higher});
  CHECK_VALUE(r.ratio, 1.0996108655);
  r = growth_ratio(observations(nullptr, v, 2), {150.0, 2030, higher});
  BOOST_TEST(r.cls == progress_class::insufficient_data);
}

BOOST_AUTO_TEST_CASE(target_year_already_past) {
  // Judged on the years up to the deadline: 2022's 200 comes too late for 2020's 130.
  const series s{{2015, 2020, 2022}, {100, 121, 200}};
  const auto r = growth_ratio(s.view(), {130.0, 2020, higher});
  BOOST_TEST(r.truncated);
  BOOST_TEST(r.latest_year == 2020);
  CHECK_VALUE(r.ratio, 0.7213155294); // ((121/100)^(1/5) − 1) / ((130/100)^(1/5) − 1) = 0.0388601183 / 0.0538739521
  BOOST_TEST(r.cls == progress_class::needs_acceleration);
  CHECK_VALUE(r.score, 0.8665846952); // 7.1429 × 0.7213155294 − 4.2857
}

BOOST_AUTO_TEST_CASE(cagr_helper) {
  CHECK_VALUE(cagr(2015, 100, 2020, 116), 0.0301289628); // (116/100)^(1/5) − 1
  BOOST_TEST(!cagr(2015, 0, 2020, 116).has_value());
  BOOST_TEST(!cagr(2015, -1, 2020, 116).has_value());
  BOOST_TEST(!cagr(2020, 100, 2020, 116).has_value());
  CHECK_VALUE(cagr(2015, 100, 2020, 0), -1.0); // (0/100)^(1/5) − 1
}

// ---- projection (UN progress chart)

BOOST_AUTO_TEST_CASE(projection_classes) {
  auto r = projection(base_2015(116).view(), {150.0, 2030, higher});
  CHECK_VALUE(r.cagr, 0.0301289628);      // (116/100)^(1/5) − 1
  CHECK_VALUE(r.projected, 156.0896);     // 116 × (116/100)^(10/5) = 116 × 1.3456
  CHECK_VALUE(r.ratio, 1.121792);         // (156.0896 − 100) / (150 − 100)
  BOOST_TEST(r.cls == progress_class::on_track); // ≥ 0.95

  r = projection(base_2015(105).view(), {150.0, 2030, higher});
  CHECK_VALUE(r.projected, 115.7625); // 105 × 1.05^2
  CHECK_VALUE(r.ratio, 0.31525);      // 15.7625 / 50
  BOOST_TEST(r.cls == progress_class::needs_acceleration); // some progress: 0.10 ≤ ratio < 0.95

  r = projection(base_2015(101).view(), {150.0, 2030, higher});
  CHECK_VALUE(r.projected, 103.0301); // 101 × 1.01^2
  CHECK_VALUE(r.ratio, 0.060602);     // 3.0301 / 50
  BOOST_TEST(r.cls == progress_class::limited_progress); // little or none: < 0.10
  BOOST_TEST(!r.moving_away);

  r = projection(base_2015(95).view(), {150.0, 2030, higher});
  CHECK_VALUE(r.projected, 85.7375); // 95 × 0.95^2
  CHECK_VALUE(r.ratio, -0.28525);    // −14.2625 / 50
  BOOST_TEST(r.cls == progress_class::limited_progress);
  BOOST_TEST(r.moving_away);

  r = projection(base_2015(160).view(), {150.0, 2030, higher});
  BOOST_TEST(r.cls == progress_class::achieved);
}

BOOST_AUTO_TEST_CASE(projection_target_year_passed) {
  const series s{{2015, 2020, 2022}, {100, 121, 200}};
  const auto r = projection(s.view(), {130.0, 2020, higher});
  BOOST_TEST(r.truncated);
  CHECK_VALUE(r.cagr, 0.0388601183); // (121/100)^(1/5) − 1
  CHECK_VALUE(r.projected, 121.0);   // 121 × (1 + CAGR_a)^0
  CHECK_VALUE(r.ratio, 0.7);         // (121 − 100) / (130 − 100)
  BOOST_TEST(r.cls == progress_class::needs_acceleration);
}

BOOST_AUTO_TEST_CASE(projection_class_boundaries) {
  // With T = t the projection is yt itself, so the ratio is exact: (yt − 100) / (150 − 100).
  const auto at = [](double latest) { return projection(base_2015(latest).view(), {150.0, 2020, higher}); };
  CHECK_VALUE(at(147.5).ratio, 0.95); // 47.5 / 50
  BOOST_TEST(at(147.5).cls == progress_class::on_track);
  CHECK_VALUE(at(147.4).ratio, 0.948); // 47.4 / 50
  BOOST_TEST(at(147.4).cls == progress_class::needs_acceleration);
  CHECK_VALUE(at(105).ratio, 0.1); // 5 / 50
  BOOST_TEST(at(105).cls == progress_class::needs_acceleration);
  CHECK_VALUE(at(104.9).ratio, 0.098); // 4.9 / 50
  BOOST_TEST(at(104.9).cls == progress_class::limited_progress);
  BOOST_TEST(!at(104.9).moving_away);
}

BOOST_AUTO_TEST_CASE(projection_base_already_met_target) {
  // ŷ = 7 × (7/10)^(10/5) = 3.43, and (3.43 − 10)/(8 − 10) = 3.285 would call a slide from 10 to 7,
  // when 8 is needed, "on track".
  const auto r = projection(series{{2015, 2020}, {10, 7}}.view(), {8.0, 2030, higher});
  BOOST_TEST(r.cls == progress_class::limited_progress);
  BOOST_TEST(r.moving_away);
  BOOST_TEST(r.issue == progress_issue::base_met_target);
  BOOST_TEST(!r.ratio.has_value());
}

BOOST_AUTO_TEST_CASE(projection_without_target) {
  const target rising{std::nullopt, 2030, higher};
  const target falling{std::nullopt, 2030, lower};
  auto r = projection(base_2015(111).view(), rising);
  CHECK_VALUE(r.cagr, 0.0210913467); // (111/100)^(1/5) − 1 ≥ 0.02: good
  BOOST_TEST(r.cls == progress_class::on_track);
  r = projection(base_2015(105).view(), rising);
  CHECK_VALUE(r.cagr, 0.0098057977); // 0.005 ≤ … < 0.02: fair
  BOOST_TEST(r.cls == progress_class::needs_acceleration);
  r = projection(base_2015(102).view(), rising);
  CHECK_VALUE(r.cagr, 0.0039683787); // < 0.005: poor
  BOOST_TEST(r.cls == progress_class::limited_progress);
  BOOST_TEST(!r.moving_away);

  r = projection(base_2015(90).view(), falling);
  CHECK_VALUE(r.cagr, -0.0208516376); // ≤ −0.02: good
  BOOST_TEST(r.cls == progress_class::on_track);
  r = projection(base_2015(97).view(), falling);
  CHECK_VALUE(r.cagr, -0.0060733239); // −0.02 < … ≤ −0.005: fair
  BOOST_TEST(r.cls == progress_class::needs_acceleration);
  r = projection(base_2015(99).view(), falling);
  CHECK_VALUE(r.cagr, -0.0020080483); // > −0.005: poor
  BOOST_TEST(r.cls == progress_class::limited_progress);
  r = projection(base_2015(104).view(), falling);
  CHECK_VALUE(r.cagr, 0.0078749885); // rising when falling is wanted
  BOOST_TEST(r.cls == progress_class::limited_progress);
  BOOST_TEST(r.moving_away);

  // Negative values rising toward zero: CAGR_a = (−8/−10)^(1/5) − 1 = −0.0436475002,
  // s·CAGR_a = 0.0436 ≥ 0.02: good.
  r = projection(series{{2015, 2020}, {-10, -8}}.view(), rising);
  CHECK_VALUE(r.cagr, -0.0436475002);
  BOOST_TEST(r.cls == progress_class::on_track);
}

BOOST_AUTO_TEST_CASE(projection_needs_two_years) {
  const auto r = projection(series{{2024}, {4.08}}.view(), {4.5, 2025, higher});
  BOOST_TEST(r.cls == progress_class::insufficient_data);
  BOOST_TEST(r.issue == progress_issue::too_few_points);
}

// ---- ESCAP

BOOST_AUTO_TEST_CASE(escap_weighted_regression) {
  // Weights 1 + (2 − 1)(year − 2015)/5 = 1, 1.2, 1.4, 1.6, 1.8, 2 (Σ = 9).
  // weighted mean year = 18161/9 = 2017.8888888889, weighted mean value = 945/9 = 105
  // slope = Σw(t − t̄)(y − ȳ) / Σw(t − t̄)² = 2.2660714286
  // ŷ2030 = 105 + 2.2660714286 × (2030 − 2017.8888888889) = 132.4446428571
  const series accelerating{{2015, 2016, 2017, 2018, 2019, 2020}, {100, 101, 102, 104, 107, 111}};
  auto r = escap(accelerating.view(), {150.0, 2030, higher});
  BOOST_TEST(r.fitted == 6u);
  CHECK_VALUE(r.slope, 2.2660714286);
  CHECK_VALUE(r.projected, 132.4446428571);
  CHECK_VALUE(r.current_status, 0.22);             // (111 − 100) / (150 − 100)
  CHECK_VALUE(r.anticipated_share, 0.6488928571);  // (132.4446428571 − 100) / 50
  CHECK_VALUE(r.anticipated_gap, 0.3511071429);    // (150 − 132.4446428571) / 50
  BOOST_TEST(r.cls == progress_class::needs_acceleration);

  // Equal weights (ordinary least squares): slope 2.1428571429, ŷ = 104.1666666667 + 2.1428571429 × 12.5.
  progress_options o;
  o.recent_weight = 1;
  r = escap(accelerating.view(), {150.0, 2030, higher}, o);
  CHECK_VALUE(r.slope, 2.1428571429);
  CHECK_VALUE(r.projected, 130.9523809524);
  // Weights 1 … 3: ŷ = 105.4166666667 + 2.3412398922 × (2030 − 2018.0833333333).
  o.recent_weight = 3;
  r = escap(accelerating.view(), {150.0, 2030, higher}, o);
  CHECK_VALUE(r.projected, 133.3164420485);
  CHECK_VALUE(r.anticipated_share, 0.6663288410);

  o.recent_weight = 0;
  BOOST_TEST(escap(accelerating.view(), {150.0, 2030, higher}, o).issue == progress_issue::invalid_option);
}

BOOST_AUTO_TEST_CASE(escap_classes) {
  // Two points: the regression is the line through them, whatever the weights.
  auto r = escap(base_2015(110).view(), {150.0, 2030, higher});
  CHECK_VALUE(r.projected, 130.0);        // 110 + 2 × 10
  CHECK_VALUE(r.current_status, 0.2);     // 10 / 50
  CHECK_VALUE(r.anticipated_share, 0.6);  // 30 / 50
  CHECK_VALUE(r.anticipated_gap, 0.4);    // 20 / 50
  BOOST_TEST(r.cls == progress_class::needs_acceleration);

  r = escap(base_2015(130).view(), {150.0, 2030, higher});
  CHECK_VALUE(r.projected, 190.0);       // 130 + 6 × 10
  CHECK_VALUE(r.anticipated_share, 1.8); // 90 / 50
  BOOST_TEST(r.cls == progress_class::on_track);

  r = escap(base_2015(95).view(), {150.0, 2030, higher});
  CHECK_VALUE(r.projected, 85.0);         // 95 − 1 × 10
  CHECK_VALUE(r.anticipated_share, -0.3); // −15 / 50
  BOOST_TEST(r.cls == progress_class::moving_away);

  r = escap(base_2015(160).view(), {150.0, 2030, higher});
  BOOST_TEST(r.cls == progress_class::achieved);

  r = escap(base_2015(110).view(), {std::nullopt, 2030, higher});
  BOOST_TEST(r.cls == progress_class::not_assessable);
  BOOST_TEST(r.issue == progress_issue::no_target);
}

BOOST_AUTO_TEST_CASE(escap_fits_years_before_the_base) {
  // Weights 1, 1.5, 2 for 2010, 2015, 2020: t̄ = 2016.1111111111, ȳ = 97.7777777778,
  // slope 2.32, ŷ2030 = 97.7777777778 + 2.32 × 13.8888888889 = 130.
  const series s{{2010, 2015, 2020}, {80, 100, 105}};
  auto r = escap(s.view(), {150.0, 2030, higher});
  BOOST_TEST(r.base_year == 2015);
  BOOST_TEST(r.fitted == 3u);
  CHECK_VALUE(r.slope, 2.32);
  CHECK_VALUE(r.projected, 130.0);
  CHECK_VALUE(r.anticipated_share, 0.6); // 30 / 50
  CHECK_VALUE(r.current_status, 0.1);    // 5 / 50

  progress_options o;
  o.first_fit_year = 2015;
  r = escap(s.view(), {150.0, 2030, higher}, o);
  BOOST_TEST(r.fitted == 2u);
  CHECK_VALUE(r.projected, 115.0);       // 105 + 1 × 10
  CHECK_VALUE(r.anticipated_share, 0.3); // 15 / 50
}

BOOST_AUTO_TEST_CASE(escap_base_already_met_target) {
  // Base 10 met the target 8; latest 7 does not. The projection alone decides.
  auto r = escap(series{{2015, 2020}, {10, 7}}.view(), {8.0, 2030, higher});
  CHECK_VALUE(r.projected, 1.0); // 7 − 0.6 × 10
  BOOST_TEST(r.cls == progress_class::moving_away);
  BOOST_TEST(r.issue == progress_issue::base_met_target);
  BOOST_TEST(!r.anticipated_share.has_value());

  // With a low 2010 value the fitted trend rises: weights 1, 1.5, 2, t̄ = 2016.1111111111,
  // ȳ = 6.8888888889, slope 0.368, ŷ2030 = 6.8888888889 + 0.368 × 13.8888888889 = 12 ≥ 8.
  r = escap(series{{2010, 2015, 2020}, {2, 10, 7}}.view(), {8.0, 2030, higher});
  CHECK_VALUE(r.projected, 12.0);
  BOOST_TEST(r.cls == progress_class::on_track);
}

// ---- change still required

BOOST_AUTO_TEST_CASE(required_change_per_year) {
  progress_options o;
  o.base_year = 2020;
  const series ramp{{2020, 2022, 2024}, {2.0, 2.5, 3.0}};
  auto r = required_change(ramp.view(), {4.5, 2025, higher}, o);
  BOOST_TEST(r.years_left == 1);
  BOOST_TEST(!r.already_met);
  CHECK_VALUE(r.per_year, 1.5);                 // (4.5 − 3.0) / 1
  CHECK_VALUE(r.rate_per_year, 0.5);            // 4.5/3.0 − 1
  BOOST_TEST(r.base_year == 2020);
  CHECK_VALUE(r.observed_per_year, 0.25);       // (3.0 − 2.0) / 4
  CHECK_VALUE(r.observed_rate, 0.1066819197);   // (3.0/2.0)^(1/4) − 1
  BOOST_TEST(r.model == projection_model::compound);
  CHECK_VALUE(r.projected, 3.3200457591);       // 3.0 × 1.1066819197
  BOOST_TEST_REQUIRE(r.projected_meets.has_value());
  BOOST_TEST(!*r.projected_meets);

  o.model = projection_model::linear;
  r = required_change(ramp.view(), {4.5, 2025, higher}, o);
  CHECK_VALUE(r.projected, 3.25); // 3.0 + 0.25 × 1
}

BOOST_AUTO_TEST_CASE(required_change_edge_cases) {
  // Already met: nothing more is required.
  auto r = required_change(base_2015(160).view(), {150.0, 2030, higher});
  BOOST_TEST(r.already_met);
  CHECK_VALUE(r.per_year, 0.0);
  CHECK_VALUE(r.rate_per_year, 0.0);

  // The deadline is the latest year and the target is missed: no year is left.
  r = required_change(base_2015(116).view(), {150.0, 2020, higher});
  BOOST_TEST(r.issue == progress_issue::deadline_reached);
  BOOST_TEST(!r.per_year.has_value());

  // A zero target has a change per year but no compound rate.
  r = required_change(series{{2020, 2024}, {4, 2}}.view(), {0.0, 2030, lower});
  CHECK_VALUE(r.per_year, -0.3333333333); // (0 − 2) / 6
  BOOST_TEST(!r.rate_per_year.has_value());
  BOOST_TEST(!r.reason.empty());

  // A zero base has no compound trend; the linear one projects 2 + (2 − 0)/4 × 6 = 5.
  const series from_zero{{2020, 2024}, {0, 2}};
  r = required_change(from_zero.view(), {5.0, 2030, higher});
  BOOST_TEST(!r.projected.has_value());
  progress_options o;
  o.model = projection_model::linear;
  r = required_change(from_zero.view(), {5.0, 2030, higher}, o);
  CHECK_VALUE(r.projected, 5.0);
  BOOST_TEST(*r.projected_meets);

  r = required_change(from_zero.view(), {std::nullopt, 2030, higher});
  BOOST_TEST(r.issue == progress_issue::no_target);
}

// ---- volatility (波动较大)

BOOST_AUTO_TEST_CASE(volatility_of_a_stable_series) {
  // Changes −0.4, −0.1, −0.4, −0.5: mean −0.35, sample sd √(0.09/3) = 0.1732050808,
  // mean level 23.8/5 = 4.76, dispersion 0.0363876220, no reversal.
  const auto r = volatility(infant_mortality.view());
  BOOST_TEST(!r.flagged);
  BOOST_TEST(r.issue == progress_issue::none);
  BOOST_TEST(r.changes == 4u);
  BOOST_TEST(r.reversals == 0u);
  BOOST_CHECK_SMALL(r.mean_change - -0.35, 1e-9);
  BOOST_CHECK_SMALL(r.sd_change - 0.1732050808, 1e-9);
  BOOST_CHECK_SMALL(r.mean_level - 4.76, 1e-9);
  BOOST_CHECK_SMALL(r.dispersion - 0.0363876220, 1e-9);
}

BOOST_AUTO_TEST_CASE(volatility_of_a_fluctuating_series) {
  // Changes −0.5, 0.8, −0.7, 0.6: mean 0.05, squares of deviations 0.3025 + 0.5625 + 0.5625 + 0.3025 = 1.73,
  // sd √(1.73/3) = 0.7593857167, mean level 15.1/5 = 3.02, dispersion 0.2514522241, 3 reversals.
  const series s{{2019, 2020, 2021, 2022, 2023}, {3.1, 2.6, 3.4, 2.7, 3.3}};
  auto r = volatility(s.view());
  BOOST_TEST(r.flagged);
  BOOST_TEST(r.reversals == 3u);
  BOOST_CHECK_SMALL(r.sd_change - 0.7593857167, 1e-9);
  BOOST_CHECK_SMALL(r.dispersion - 0.2514522241, 1e-9);

  volatility_options o;
  o.threshold = 0.3; // 0.2514522241 < 0.3
  BOOST_TEST(!volatility(s.view(), o).flagged);
  o.threshold = 0.05;
  o.min_reversals = 4; // only 3
  BOOST_TEST(!volatility(s.view(), o).flagged);
}

BOOST_AUTO_TEST_CASE(volatility_relative_to_the_level) {
  // Coverage 96.0, 96.5, 96.3, 96.8: two reversals, but sd 0.4041451884 is 0.0041923775 of the level 96.4.
  auto r = volatility(series{{2020, 2021, 2022, 2023}, {96.0, 96.5, 96.3, 96.8}}.view());
  BOOST_TEST(r.reversals == 2u);
  BOOST_CHECK_SMALL(r.dispersion - 0.0041923775, 1e-9);
  BOOST_TEST(!r.flagged);
  // A flat series with tiny noise: the coefficient of variation of the changes would be
  // 0.2081665999/0.0333333333 = 6.2 and flag it; the dispersion 0.0020811457 does not.
  r = volatility(series{{2020, 2021, 2022, 2023}, {100, 100.1, 99.9, 100.1}}.view());
  BOOST_CHECK_SMALL(r.dispersion - 0.0020811457, 1e-9);
  BOOST_TEST(!r.flagged);
}

BOOST_AUTO_TEST_CASE(volatility_edge_cases) {
  // A two-year gap counts per year: (14 − 10)/2 = 2, then −2; sd √8 = 2.8284271247,
  // level 12, dispersion 0.2357022604, one reversal.
  auto r = volatility(series{{2018, 2020, 2021}, {10, 14, 12}}.view());
  BOOST_CHECK_SMALL(r.sd_change - 2.8284271247, 1e-9);
  BOOST_CHECK_SMALL(r.dispersion - 0.2357022604, 1e-9);
  BOOST_TEST(r.reversals == 1u);
  BOOST_TEST(r.flagged);
  // A flat year neither continues nor reverses: +2, 0, −2 is one reversal.
  r = volatility(series{{2018, 2019, 2020, 2021}, {10, 12, 12, 10}}.view());
  BOOST_TEST(r.reversals == 1u);
  BOOST_CHECK_SMALL(r.dispersion - 0.1818181818, 1e-9); // sd 2 / level 11
  // Two observations make one change: nothing to compare it with.
  r = volatility(series{{2023, 2024}, {4.5, 4.0}}.view());
  BOOST_TEST(!r.flagged);
  BOOST_TEST(r.issue == progress_issue::too_few_points);
  volatility_options o;
  o.threshold = -1;
  BOOST_TEST(volatility(infant_mortality.view(), o).issue == progress_issue::invalid_option);
}

// ---- the real national cases

BOOST_AUTO_TEST_CASE(national_childcare_places) {
  // 每千人口拥有3岁以下婴幼儿托位数: 4.08 (2024), target 4.5 by 2025.
  const series childcare{{2024}, {4.08}};
  const target goal{4.5, 2025, higher};
  BOOST_TEST(growth_ratio(childcare.view(), goal).cls == progress_class::insufficient_data);
  BOOST_TEST(projection(childcare.view(), goal).cls == progress_class::insufficient_data);
  BOOST_TEST(escap(childcare.view(), goal).cls == progress_class::insufficient_data);
  const auto r = required_change(childcare.view(), goal);
  BOOST_TEST(r.years_left == 1);
  CHECK_VALUE(r.per_year, 0.42);              // (4.5 − 4.08) / 1
  CHECK_VALUE(r.rate_per_year, 0.1029411765); // 4.5/4.08 − 1
  BOOST_TEST(!r.projected.has_value());       // one observation: no trend
  BOOST_TEST(volatility(childcare.view()).issue == progress_issue::too_few_points);
}

BOOST_AUTO_TEST_CASE(national_infant_mortality) {
  // 5.4, 5.0, 4.9, 4.5, 4.0 ‰ (2020–2024), lower is better. Base: 2020 (no 2015 value).
  auto r = growth_ratio(infant_mortality.view(), {5.2, 2025, lower});
  BOOST_TEST(r.cls == progress_class::achieved); // 4.0 ≤ 5.2
  CHECK_VALUE(r.score, 5.0);
  CHECK_VALUE(r.cagr_observed, -0.0722807721); // (4.0/5.4)^(1/4) − 1
  CHECK_VALUE(r.cagr_required, -0.0075196505); // (5.2/5.4)^(1/5) − 1
  CHECK_VALUE(r.ratio, 9.6122515556);          // 0.0722807721 / 0.0075196505

  r = growth_ratio(infant_mortality.view(), {5.0, 2030, lower});
  BOOST_TEST(r.cls == progress_class::achieved); // 4.0 ≤ 5.0 already, five years early
  CHECK_VALUE(r.cagr_required, -0.0076665649);   // (5.0/5.4)^(1/10) − 1
  CHECK_VALUE(r.ratio, 9.4280519031);            // 0.0722807721 / 0.0076665649

  const auto p = projection(infant_mortality.view(), {5.0, 2030, lower});
  BOOST_TEST(p.cls == progress_class::achieved);
  CHECK_VALUE(p.projected, 2.5501124913); // 4.0 × (4.0/5.4)^(6/4)
  CHECK_VALUE(p.ratio, 7.1247187717);     // (2.5501124913 − 5.4) / (5.0 − 5.4)

  // Weights 1, 1.25, 1.5, 1.75, 2: t̄ = 2022.3333333333, ȳ = 4.65, slope −0.3388235294,
  // ŷ2030 = 4.65 − 0.3388235294 × 7.6666666667 = 2.0523529412.
  const auto e = escap(infant_mortality.view(), {5.0, 2030, lower});
  BOOST_TEST(e.cls == progress_class::achieved);
  CHECK_VALUE(e.projected, 2.0523529412);
  CHECK_VALUE(e.current_status, 3.5); // (4.0 − 5.4) / (5.0 − 5.4)

  const auto c = required_change(infant_mortality.view(), {5.0, 2030, lower});
  BOOST_TEST(c.already_met);
  CHECK_VALUE(c.per_year, 0.0);
  CHECK_VALUE(c.projected, 2.5501124913);
  BOOST_TEST(*c.projected_meets);

  // Against a stricter 3.0‰ the change still required is (3.0 − 4.0)/6 = −0.1666666667 a year,
  // or 0.75^(1/6) − 1 = −0.0468157070; the compound trend reaches 2.5501124913 ≤ 3.0.
  const auto strict = required_change(infant_mortality.view(), {3.0, 2030, lower});
  CHECK_VALUE(strict.per_year, -0.1666666667);
  CHECK_VALUE(strict.rate_per_year, -0.0468157070);
  BOOST_TEST(*strict.projected_meets);

  BOOST_TEST(!volatility(infant_mortality.view()).flagged);
}

// ---- names and locale

BOOST_AUTO_TEST_CASE(stable_names) {
  BOOST_TEST(to_string(progress_class::achieved) == "achieved");
  BOOST_TEST(to_string(progress_class::on_track) == "on_track");
  BOOST_TEST(to_string(progress_class::needs_acceleration) == "needs_acceleration");
  BOOST_TEST(to_string(progress_class::limited_progress) == "limited_progress");
  BOOST_TEST(to_string(progress_class::moving_away) == "moving_away");
  BOOST_TEST(to_string(progress_class::insufficient_data) == "insufficient_data");
  BOOST_TEST(to_string(progress_class::not_assessable) == "not_assessable");
  BOOST_TEST(to_string(progress_issue::mixed_signs) == "mixed_signs");
  BOOST_TEST(to_string(progress_issue::deadline_reached) == "deadline_reached");
  BOOST_TEST(to_string(projection_model::compound) == "compound");
  BOOST_TEST(to_string(projection_model::linear) == "linear");
}

namespace {
struct comma_decimal : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
};
} // namespace

BOOST_AUTO_TEST_CASE(locale_independent) {
  // A global locale that writes 0,001 must change neither numbers nor reasons.
  const std::locale previous = std::locale::global(std::locale(std::locale::classic(), new comma_decimal));
  const auto r = growth_ratio(series{{2015, 2020}, {0, 2}}.view(), {4.0, 2030, higher});
  std::locale::global(previous);
  BOOST_TEST(r.reason.find("replaced by 0.001") != std::string::npos);
  CHECK_VALUE(r.ratio, 4.8392339302);
}

BOOST_AUTO_TEST_SUITE_END()
