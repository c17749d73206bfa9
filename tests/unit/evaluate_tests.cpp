// Evaluation: every status, bounds, roll-ups weighted by denominators, quantifiers, as-of, threads.
#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>

using namespace planrules;

namespace {

/// A plan and a data set built in code: one city, a district, three streets.
struct fixture {
  program compiled;
  measurement_set data;

  fixture(const std::string& rules, const std::string& csv, bool hierarchy = true) {
    const std::string catalogue = R"(
indicator rate "某比率"
  unit %
  better higher
indicator mortality "死亡率"
  unit ‰
  better lower
  denominator births
indicator births "活产数"
  unit 人
indicator workers "社会工作者数"
  unit 名
indicator allowance "养育标准"
  unit 元
  better higher
indicator deaths "死亡数"
  unit 人
  better lower
)";
    const std::string header = "plan p \"测试\"\n  period 2021..2030\n  baseline 2020\n";
    auto checked = check_text(header + catalogue + rules, "p.rules");
    BOOST_TEST_REQUIRE(checked.ok(), render(checked.diagnostics));
    auto program = compile(std::move(checked.plan));
    BOOST_TEST_REQUIRE(program.has_value());
    compiled = std::move(*program);
    measurement_set_builder builder(compiled.plan().catalogue);
    if (hierarchy) {
      BOOST_TEST_REQUIRE(builder.add_region("市", "", ast::region_level::city).has_value());
      BOOST_TEST_REQUIRE(builder.add_region("区", "市", ast::region_level::county).has_value());
      for (const auto* street : {"甲街道", "乙街道", "丙街道"})
        BOOST_TEST_REQUIRE(builder.add_region(street, "区", ast::region_level::township).has_value());
    }
    const auto loaded = load_csv_text(builder, "indicator,region,year,value,qualifier\n" + csv, "test.csv");
    BOOST_TEST_REQUIRE(loaded.has_value());
    BOOST_TEST_REQUIRE(loaded->diagnostics.empty(), render(loaded->diagnostics));
    auto built = builder.finish();
    BOOST_TEST_REQUIRE(built.has_value());
    data = std::move(built->set);
  }

  evaluation run(evaluation_options options = {}) const {
    auto result = evaluate(compiled, data, options);
    BOOST_TEST_REQUIRE(result.has_value());
    return std::move(*result);
  }
};

const outcome& at(const evaluation& e, const char* rule, const char* region) {
  const auto* o = e.find(rule, region);
  BOOST_TEST_REQUIRE(o != nullptr, "no outcome for " << rule << " in " << region);
  return *o;
}

evaluation_options as_of(int year) {
  evaluation_options options;
  options.as_of = year;
  return options;
}

} // namespace

BOOST_AUTO_TEST_SUITE(evaluation_statuses)

BOOST_AUTO_TEST_CASE(met_not_met_and_no_data_at_the_deadline) {
  const fixture f("rate_2025 >= 90%\nmortality_2025 <= 3‰\ndeaths_2025 <= 10人\n",
                  "rate,区,2025,91,\nmortality,区,2025,3.2,\n");
  const auto e = f.run(as_of(2025));
  BOOST_TEST((at(e, "1", "区").status == status::met));
  BOOST_TEST(at(e, "1", "区").actual == 91.0);
  BOOST_TEST((at(e, "2", "区").status == status::not_met));
  BOOST_TEST((at(e, "3", "区").status == status::no_data));
  const auto why = explain(e, at(e, "2", "区"));
  BOOST_TEST(why.gap.value() == 3.2 - 3.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST_REQUIRE(why.values.size() == 1u);
  BOOST_TEST(why.values[0].year == 2025);
}

BOOST_AUTO_TEST_CASE(inclusive_and_exclusive_bounds_at_the_boundary) {
  const fixture f("mortality_2025 <= 3‰\nmortality_2025 < 3‰\nrate_2025 >= 90%\nrate_2025 > 90%\n",
                  "mortality,区,2025,3,\nrate,区,2025,90,\n");
  const auto e = f.run(as_of(2025));
  BOOST_TEST((at(e, "1", "区").status == status::met));
  BOOST_TEST((at(e, "2", "区").status == status::not_met));
  BOOST_TEST((at(e, "3", "区").status == status::met));
  BOOST_TEST((at(e, "4", "区").status == status::not_met));
}

BOOST_AUTO_TEST_CASE(unit_conversion_is_exact_at_the_boundary) {
  // 0.28% is 2.8‰: an inclusive bound written in % holds for data in ‰.
  const fixture f("mortality_2025 <= 0.28%\n", "mortality,区,2025,2.8,\n");
  BOOST_TEST((at(f.run(as_of(2025)), "1", "区").status == status::met));
}

BOOST_AUTO_TEST_CASE(not_yet_due_is_projected_or_met_early) {
  const fixture f("rate_2030 >= 90%\nmortality_2030 <= 3‰\n",
                  "rate,区,2020,70,\nrate,区,2021,72,\nrate,区,2022,74,\nrate,区,2023,76,\nrate,区,2024,78,\n"
                  "mortality,区,2023,2.9,\nmortality,区,2024,2.8,\n");
  const auto e = f.run(as_of(2024));
  const auto& rate = at(e, "1", "区");
  BOOST_TEST((rate.status == status::not_yet_due));
  BOOST_TEST(rate.is(outcome::has_required));
  BOOST_TEST(rate.required == (90.0 - 78.0) / 6.0, boost::test_tools::tolerance(1e-12));
  // Growth ratio from the plan's baseline 2020: CAGR_obs = (78/70)^(1/4) − 1 = 0.027398,
  // CAGR_req = (90/70)^(1/10) − 1 = 0.025452; R = 1.0765 ≥ 0.95: on track.
  BOOST_TEST((rate.progress == progress::progress_class::on_track));
  BOOST_TEST(rate.is(outcome::has_projection));
  const auto& mortality = at(e, "2", "区");
  BOOST_TEST((mortality.status == status::met));
  BOOST_TEST(mortality.is(outcome::early));
  BOOST_TEST(mortality.year == 2024);
}

BOOST_AUTO_TEST_CASE(moving_away_is_an_early_warning) {
  const fixture f("rate_2030 >= 90%\n", "rate,区,2020,80,\nrate,区,2022,78,\nrate,区,2024,76,\n");
  const auto e = f.run(as_of(2024));
  const auto& o = at(e, "1", "区");
  BOOST_TEST((o.status == status::not_yet_due));
  BOOST_TEST((o.progress == progress::progress_class::moving_away));
}

BOOST_AUTO_TEST_CASE(lower_bounds_settle_only_what_they_can) {
  const fixture f("rate_2025 >= 90%\nrate_2025 <= 95%\nrate_2025 <= 80%\n", "rate,区,2025,90,lower_bound\n");
  const auto e = f.run(as_of(2025));
  BOOST_TEST((at(e, "1", "区").status == status::met)); // at least 90 is enough for ≥ 90
  BOOST_TEST(at(e, "1", "区").is(outcome::bound_only));
  BOOST_TEST((at(e, "2", "区").status == status::insufficient_data)); // at least 90 says nothing about ≤ 95
  BOOST_TEST((at(e, "3", "区").status == status::not_met));            // at least 90 breaks ≤ 80 for sure
}

BOOST_AUTO_TEST_CASE(missing_data_policies) {
  const fixture f("rate_2025 >= 90%\nrate_2025 >= 90% {missing: carry_forward}\nrate_2025 >= 90% {missing: not_met}\n",
                  "rate,区,2023,92,\n");
  const auto e = f.run(as_of(2025));
  BOOST_TEST((at(e, "1", "区").status == status::no_data));
  BOOST_TEST((at(e, "2", "区").status == status::met));
  BOOST_TEST(at(e, "2", "区").year == 2023);
  BOOST_TEST((at(e, "3", "区").status == status::not_met));
}

BOOST_AUTO_TEST_CASE(tolerance_widens_the_bound) {
  const fixture f("mortality_2025 <= 3‰ {tolerance: 0.1‰}\nmortality_2025 <= 3‰ {tolerance: 2% relative}\n"
                  "mortality_2025 <= 3‰\n",
                  "mortality,区,2025,3.05,\n");
  const auto e = f.run(as_of(2025));
  BOOST_TEST((at(e, "1", "区").status == status::met));
  BOOST_TEST((at(e, "2", "区").status == status::met)); // 2% of 3 is 0.06
  BOOST_TEST((at(e, "3", "区").status == status::not_met));
}

BOOST_AUTO_TEST_CASE(every_year_bounds_break_in_one_year) {
  const fixture f("rate >= 97% for every year\n", "rate,区,2021,97.4,\nrate,区,2022,96.8,\nrate,区,2023,97.5,\n"
                                                  "rate,甲街道,2021,98,\nrate,甲街道,2022,98,\n");
  const auto e = f.run(as_of(2023));
  const auto& broken = at(e, "1", "区");
  BOOST_TEST((broken.status == status::not_met));
  BOOST_TEST(broken.year == 2022);
  BOOST_TEST(broken.actual == 96.8);
  BOOST_TEST((at(e, "1", "甲街道").status == status::met));
}

BOOST_AUTO_TEST_CASE(trends_are_strict_and_need_two_years) {
  const fixture f("decreasing(deaths)\nnon_increasing(deaths)\nincreasing(rate)\n",
                  "deaths,区,2021,5,\ndeaths,区,2022,4,\ndeaths,区,2023,4,\ndeaths,区,2024,2,\nrate,区,2024,50,\n");
  const auto e = f.run(as_of(2024));
  BOOST_TEST((at(e, "1", "区").status == status::not_met)); // 4 → 4 is no decrease
  BOOST_TEST(at(e, "1", "区").year == 2023);
  BOOST_TEST((at(e, "2", "区").status == status::met));
  BOOST_TEST((at(e, "3", "区").status == status::insufficient_data));
}

BOOST_AUTO_TEST_CASE(yearly_change_within_a_range) {
  // 每年下降0.5~1个百分点: falls of 0.6 and 0.8 fit, a fall of 0.3 does not.
  const fixture ok("change(rate) in [-1pp, -0.5pp] for every year\n", "rate,区,2021,40,\nrate,区,2022,39.4,\nrate,区,2023,38.6,\n");
  BOOST_TEST((at(ok.run(as_of(2023)), "1", "区").status == status::met));
  const fixture slow("change(rate) in [-1pp, -0.5pp] for every year {aspirational}\n",
                     "rate,区,2021,40,\nrate,区,2022,39.7,\n");
  const auto e = slow.run(as_of(2023));
  const auto& o = at(e, "1", "区");
  BOOST_TEST((o.status == status::not_met));
  BOOST_TEST(o.is(outcome::aspirational));
  BOOST_TEST(o.actual == -0.3, boost::test_tools::tolerance(1e-9));
  // Aspirational results are counted apart: never a failure of a binding goal.
  const auto counts = e.counts();
  BOOST_TEST(counts.count(status::not_met) == 0u);
  BOOST_TEST(counts.aspirational[static_cast<int>(status::not_met)] == 1u);
}

BOOST_AUTO_TEST_CASE(compound_growth) {
  // 年均提高6%以上 from 2020 to 2025: 1600 → 2150 is (2150/1600)^(1/5) − 1 = 6.08% a year.
  const fixture f("annual_growth(allowance, 2020..2025) >= 6%\n", "allowance,区,2020,1600,\nallowance,区,2025,2150,\n");
  const auto e = f.run(as_of(2025));
  const auto& o = at(e, "1", "区");
  BOOST_TEST((o.status == status::met));
  BOOST_TEST(o.actual == std::pow(2150.0 / 1600.0, 0.2) - 1, boost::test_tools::tolerance(1e-12));
  const fixture early("annual_growth(allowance, 2020..2025) >= 6%\n", "allowance,区,2020,1600,\nallowance,区,2022,1700,\n");
  const auto pending_run = early.run(as_of(2022));
  const auto& pending = at(pending_run, "1", "区");
  BOOST_TEST((pending.status == status::not_yet_due));
  // Needed in 2025: 1600 × 1.06^5 = 2141.16; from 1700 in 2022 that is (2141.16/1700)^(1/3) − 1 = 8.0% a year.
  BOOST_TEST(pending.required == std::pow(1600 * std::pow(1.06, 5) / 1700, 1.0 / 3) - 1, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(baseline_relative_and_a_zero_baseline) {
  const fixture f("deaths_2025 <= 0.8 * deaths_2020\n", "deaths,区,2020,10,\ndeaths,区,2025,7,\n"
                                                        "deaths,甲街道,2020,0,\ndeaths,甲街道,2025,1,\n");
  const auto e = f.run(as_of(2025));
  const auto& o = at(e, "1", "区");
  BOOST_TEST((o.status == status::met));
  BOOST_TEST(o.target == 8.0);
  BOOST_TEST(explain(e, o).baseline_value.value() == 10.0);
  BOOST_TEST((at(e, "1", "甲街道").status == status::error)); // "down 20% from zero" sets no target
}

BOOST_AUTO_TEST_CASE(qualitative_goals_are_not_measurable) {
  const fixture f("qualitative \"更加完善\"\n", "rate,区,2025,1,\n");
  BOOST_TEST((at(f.run(), "1", "区").status == status::not_measurable));
}

BOOST_AUTO_TEST_CASE(rates_roll_up_weighted_by_their_denominator) {
  // The district has no mortality of its own: its streets' rates, weighted by births.
  const fixture f("mortality_2025 <= 3‰\n",
                  "mortality,甲街道,2025,2,\nbirths,甲街道,2025,1000,\n"
                  "mortality,乙街道,2025,4,\nbirths,乙街道,2025,3000,\n"
                  "mortality,丙街道,2025,3,\nbirths,丙街道,2025,1000,\n");
  const auto e = f.run(as_of(2025));
  const auto& o = at(e, "1", "区");
  // (2×1000 + 4×3000 + 3×1000) / 5000 = 3.4‰; a plain mean would say 3.0‰ and call it met.
  BOOST_TEST(o.actual == 3.4, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(o.is(outcome::derived));
  BOOST_TEST((o.status == status::not_met));
}

BOOST_AUTO_TEST_CASE(no_roll_up_when_a_street_is_missing) {
  const fixture f("mortality_2025 <= 3‰\n", "mortality,甲街道,2025,2,\nbirths,甲街道,2025,1000,\n"
                                            "mortality,乙街道,2025,4,\nbirths,乙街道,2025,3000,\n");
  BOOST_TEST((at(f.run(as_of(2025)), "1", "区").status == status::no_data));
}

BOOST_AUTO_TEST_CASE(counts_add_up) {
  const fixture f("workers_2025 >= 5名\n", "workers,甲街道,2025,2,\nworkers,乙街道,2025,2,\nworkers,丙街道,2025,2,\n");
  const auto e = f.run(as_of(2025));
  const auto& o = at(e, "1", "区");
  BOOST_TEST(o.actual == 6.0);
  BOOST_TEST((o.status == status::met));
}

BOOST_AUTO_TEST_CASE(every_sub_region_and_at_least_k) {
  const std::string csv = "workers,甲街道,2025,1,\nworkers,乙街道,2025,2,\nworkers,丙街道,2025,0,\n";
  const fixture every("workers_2025 >= 1名 for every township\n", csv);
  const auto e = every.run(as_of(2025));
  const auto& o = at(e, "1", "区");
  BOOST_TEST((o.status == status::not_met));
  BOOST_TEST(o.actual == 2.0);
  BOOST_TEST(o.target == 3.0);
  BOOST_TEST(explain(e, o).sub_regions == 3u);
  BOOST_TEST(e.find("1", "甲街道") == nullptr); // a street has no townships below it
  const fixture two("workers_2025 >= 1名 for at least 2 of township\n", csv);
  BOOST_TEST((at(two.run(as_of(2025)), "1", "区").status == status::met));
  const fixture share("workers_2025 >= 1名 for at least 80% of township\n", csv);
  BOOST_TEST((at(share.run(as_of(2025)), "1", "区").status == status::not_met)); // 80% of 3 rounds up to 3
}

BOOST_AUTO_TEST_CASE(as_of_hides_later_values_and_releases) {
  const fixture f("rate_2025 >= 90%\n", "rate,区,2024,85,\nrate,区,2025,91,\n");
  BOOST_TEST((at(f.run(as_of(2025)), "1", "区").status == status::met));
  BOOST_TEST((at(f.run(as_of(2024)), "1", "区").status == status::not_yet_due));
  BOOST_TEST(f.run().as_of() == 2025); // by default, the latest year with data
}

BOOST_AUTO_TEST_CASE(volatile_series_are_flagged) {
  const fixture f("mortality_2030 <= 3‰\nmortality_2030 <= 3‰ {note: \"same\"}\n",
                  "mortality,区,2020,4.6,\nmortality,区,2021,4.1,\nmortality,区,2022,3.2,\nmortality,区,2023,4.4,\n"
                  "mortality,区,2024,3.0,\nmortality,甲街道,2020,3,\nmortality,甲街道,2021,2.9,\nmortality,甲街道,2022,2.8,\n");
  const auto e = f.run(as_of(2024));
  BOOST_TEST(at(e, "1", "区").is(outcome::volatile_series));
  BOOST_TEST(!at(e, "1", "甲街道").is(outcome::volatile_series));
}

BOOST_AUTO_TEST_CASE(threads_give_the_same_outcomes) {
  std::string rules, csv;
  for (int i = 0; i < 40; ++i) rules += "rate_2025 >= " + std::to_string(80 + i % 15) + "%\n";
  for (const auto* region : {"区", "甲街道", "乙街道", "丙街道"}) csv += std::string("rate,") + region + ",2025,88,\n";
  const fixture f(rules, csv);
  evaluation_options serial = as_of(2025);
  evaluation_options parallel = serial;
  parallel.threads = 4;
  const auto a = f.run(serial), b = f.run(parallel);
  BOOST_TEST_REQUIRE(a.outcomes().size() == b.outcomes().size());
  for (std::size_t i = 0; i < a.outcomes().size(); ++i) {
    BOOST_TEST(a.outcomes()[i].rule == b.outcomes()[i].rule);
    BOOST_TEST(a.outcomes()[i].region == b.outcomes()[i].region);
    BOOST_TEST((a.outcomes()[i].status == b.outcomes()[i].status));
  }
}

BOOST_AUTO_TEST_CASE(changes_between_two_releases) {
  const fixture first("rate_2025 >= 90%\nmortality_2025 <= 3‰\n", "rate,区,2025,89,\nmortality,区,2025,2.5,\n");
  const fixture second("rate_2025 >= 90%\nmortality_2025 <= 3‰\n", "rate,区,2025,91,\nmortality,区,2025,2.5,\n");
  const auto changes = changes_between(first.run(as_of(2025)), second.run(as_of(2025)));
  BOOST_TEST_REQUIRE(changes.size() == 1u);
  BOOST_TEST(changes[0].rule_id == "1");
  BOOST_TEST((changes[0].before.value() == status::not_met));
  BOOST_TEST((changes[0].after.value() == status::met));
}

BOOST_AUTO_TEST_CASE(unknown_region_is_an_error_value) {
  const fixture f("rate_2025 >= 90%\n", "rate,区,2025,91,\n");
  evaluation_options options;
  options.regions = {"没有这个区"};
  const auto result = evaluate(f.compiled, f.data, options);
  BOOST_TEST_REQUIRE(!result.has_value());
  BOOST_TEST((result.error().code == errc::not_found));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(evaluation_real_data)

BOOST_AUTO_TEST_CASE(national_child_mortality_targets_are_met_as_of_2024) {
  const auto plan = load_plan(planrules::testing::source_path("rules/cn/national_children_targets.rules"));
  BOOST_TEST_REQUIRE(plan.has_value());
  const auto compiled = compile(*plan);
  BOOST_TEST_REQUIRE(compiled.has_value());
  measurement_set_builder builder(compiled->plan().catalogue);
  for (const auto* file : {"data/cn/cn_national_children_statistics.csv", "data/cn/national_plan_baselines.csv"})
    BOOST_TEST_REQUIRE(load_csv(builder, planrules::testing::source_path(file)).has_value());
  const auto set = builder.finish();
  BOOST_TEST_REQUIRE(set.has_value());
  evaluation_options options;
  options.as_of = 2024;
  const auto e = evaluate(*compiled, set->set, options);
  BOOST_TEST_REQUIRE(e.has_value());
  // 2.5‰, 4.0‰ and 5.6‰ in 2024 against 3.1‰, 5.2‰ and 6.6‰ by 2025.
  const std::tuple<const char*, double, double> mortality[] = {
      {"health.1.1", 2.5, 3.1}, {"health.1.2", 4.0, 5.2}, {"health.1.3", 5.6, 6.6}};
  for (const auto& [id, actual, target] : mortality) {
    BOOST_TEST_CONTEXT(id) {
      const auto* o = e->find(id, "全国");
      BOOST_TEST_REQUIRE(o != nullptr);
      BOOST_TEST((o->status == status::met));
      BOOST_TEST(o->is(outcome::early));
      BOOST_TEST(o->actual == actual);
      BOOST_TEST(o->target == target);
      BOOST_TEST(o->year == 2024);
    }
  }
  // Childcare places: 4.08 in 2024 against 4.5 by 2025, projected from the 2020 baseline 1.8.
  const auto* childcare = e->find("welfare.1.1", "全国");
  BOOST_TEST_REQUIRE(childcare != nullptr);
  BOOST_TEST((childcare->status == status::not_yet_due));
  BOOST_TEST(childcare->required == 0.42, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(childcare->is(outcome::has_projection));
  BOOST_TEST((childcare->progress == progress::progress_class::on_track));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(evaluation_illustrative_data)

BOOST_AUTO_TEST_CASE(the_xigang_illustrative_data_shows_every_status) {
  const auto plan = load_plan(planrules::testing::source_path("rules/cn/xigang_children_2021_2030.rules"));
  BOOST_TEST_REQUIRE(plan.has_value());
  const auto compiled = compile(*plan);
  BOOST_TEST_REQUIRE(compiled.has_value());
  measurement_set_builder builder(compiled->plan().catalogue);
  for (const auto* file : {"data/illustrative/xigang_regions.csv", "data/illustrative/xigang_children_illustrative.csv"}) {
    const auto loaded = load_csv(builder, planrules::testing::source_path(file));
    BOOST_TEST_REQUIRE(loaded.has_value());
    BOOST_TEST(loaded->diagnostics.empty(), render(loaded->diagnostics));
  }
  const auto set = builder.finish();
  BOOST_TEST_REQUIRE(set.has_value());
  const auto e = evaluate(*compiled, set->set);
  BOOST_TEST_REQUIRE(e.has_value());
  BOOST_TEST(e->as_of() == 2025);
  std::size_t seen[7] = {};
  for (const auto& o : e->outcomes()) ++seen[static_cast<int>(o.status)];
  for (int s = 0; s < 7; ++s) BOOST_TEST(seen[s] > 0u, "no outcome is " << to_string(static_cast<status>(s)));
  // The plan is for 西岗区: Dalian, above it, is not evaluated.
  for (const auto& o : e->outcomes()) BOOST_TEST(e->region_name(o) != "大连市");
  // The district's neonatal mortality is its streets' rates weighted by births.
  const auto* neonatal = e->find("health.3.1", "西岗区");
  BOOST_TEST_REQUIRE(neonatal != nullptr);
  BOOST_TEST(neonatal->is(outcome::derived));
  BOOST_TEST((neonatal->status == status::met));
  const auto* street = e->find("health.3.1", "八一路街道");
  BOOST_TEST_REQUIRE(street != nullptr);
  BOOST_TEST((street->status == status::not_met));
}

BOOST_AUTO_TEST_SUITE_END()
