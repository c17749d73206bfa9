// The measurement store: builder, series views, regions, slices, duplicates, memory.
#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <planrules/planrules.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace planrules;

namespace {

using planrules::testing::indicator;

std::shared_ptr<const catalogue> small_catalogue() {
  auto cat = std::make_shared<catalogue>();
  BOOST_TEST_REQUIRE(cat->add(indicator("infant_mortality", "婴儿死亡率", "‰")));
  BOOST_TEST_REQUIRE(cat->add(indicator("vaccination_rate", "适龄儿童免疫规划疫苗接种率", "%")));
  BOOST_TEST_REQUIRE(cat->add(indicator("paediatric_beds", "儿科床位数", "万张", {"儿科床位"})));
  BOOST_TEST_REQUIRE(cat->add(indicator("childcare_places_per_1000", "每千人口拥有3岁以下婴幼儿托位数", "个/千人口")));
  return cat;
}

build_result finish(measurement_set_builder& builder) {
  auto built = builder.finish();
  BOOST_TEST_REQUIRE(built.has_value(), (built ? "" : built.error().message));
  return std::move(*built);
}

std::size_t count_code(const diagnostic_list& list, diagnostic_code code) {
  std::size_t n = 0;
  for (const auto& d : list) n += d.code == code;
  return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(measurements)

BOOST_AUTO_TEST_CASE(rows_build_series) {
  measurement_set_builder builder(small_catalogue());
  BOOST_TEST(builder.add("infant_mortality", "全国", 2021, 5.0).has_value());
  BOOST_TEST(builder.add("婴儿死亡率", "全国", 2020, 5.4).has_value());
  BOOST_TEST(builder.add("infant_mortality", "全国", 2023, 4.5, value_qualifier::exact, "NBS 2023").has_value());
  BOOST_TEST(builder.add("infant_mortality", "全国", 2024, std::nullopt).has_value()); // explicitly missing
  BOOST_TEST(builder.add("vaccination_rate", "全国", 2022, 90.0, value_qualifier::lower_bound).has_value());
  BOOST_TEST(builder.pending() == 5u);
  const auto built = finish(builder);
  BOOST_TEST(builder.pending() == 0u);
  const auto& set = built.set;
  BOOST_TEST(set.value_count() == 4u);
  BOOST_TEST(set.series_count() == 2u);

  const auto s = set.find("婴儿死亡率", "全国");
  BOOST_TEST_REQUIRE(static_cast<bool>(s));
  BOOST_TEST(s.first_year() == 2020);
  BOOST_TEST(s.last_year() == 2024);
  BOOST_TEST(s.size() == 5u);
  BOOST_TEST(s.has(2021));
  BOOST_TEST(!s.has(2022)); // a gap inside the run
  BOOST_TEST(!s.has(2024)); // explicitly missing: still missing, never zero
  BOOST_TEST(!s.has(2019));
  BOOST_TEST(!s.has(2031));
  BOOST_TEST(!s.value(2024).has_value());
  BOOST_TEST(std::isnan(s.raw_values()[4])); // missing slots hold NaN, not 0
  BOOST_TEST(s.value(2020).value() == 5.4);
  BOOST_TEST(s.present_count() == 3u);
  BOOST_TEST(s.source(2023) == "NBS 2023");
  BOOST_TEST(s.source(2020) == "<builder>");
  BOOST_TEST(s.source(2022).empty());
  BOOST_TEST((s.qualifier(2020) == value_qualifier::exact));
  BOOST_TEST(s.latest(2022)->year == 2021);
  BOOST_TEST(s.latest()->year == 2023);
  BOOST_TEST(!s.latest(2019).has_value());

  std::vector<int> years;
  for (const auto point : s) years.push_back(point.year);
  BOOST_TEST(years == (std::vector<int>{2020, 2021, 2023}), boost::test_tools::per_element());

  const auto v = set.find("vaccination_rate", "全国");
  BOOST_TEST((v.qualifier(2022) == value_qualifier::lower_bound));

  // Series of one indicator are contiguous and in catalogue order.
  const auto infant = set.catalogue().find("infant_mortality");
  BOOST_TEST(set.series(infant).size() == 1u);
  BOOST_TEST(set.series(set.catalogue().find("paediatric_beds")).empty());
  BOOST_TEST(set.series(999).empty());
  BOOST_TEST(!set.find("unknown", "全国"));
  BOOST_TEST(!set.find("infant_mortality", "nowhere"));
}

BOOST_AUTO_TEST_CASE(rows_with_units_and_bad_values) {
  measurement_set_builder builder(small_catalogue());
  // 0.28% is 2.8‰; 56.8万张 given as 568000 张.
  BOOST_TEST(builder.add("infant_mortality", "全国", 2030, 0.28, value_qualifier::exact, {}, {}, "%").has_value());
  BOOST_TEST(builder.add("儿科床位", "全国", 2022, 568000, value_qualifier::exact, {}, {}, "张").has_value());

  auto mismatch = builder.add("infant_mortality", "全国", 2021, 3, value_qualifier::exact, {}, {}, "万人");
  BOOST_TEST_REQUIRE(!mismatch.has_value());
  BOOST_TEST((mismatch.error().code == errc::invalid_input));
  BOOST_TEST_REQUIRE(mismatch.error().diagnostics.size() == 1u);
  BOOST_TEST((mismatch.error().diagnostics[0].code == diagnostic_code::unit_mismatch_in_data));

  auto unknown_unit = builder.add("infant_mortality", "全国", 2021, 3, value_qualifier::exact, {}, {}, "furlongs");
  BOOST_TEST((unknown_unit.error().diagnostics.at(0).code == diagnostic_code::unknown_unit_in_data));
  auto nan = builder.add("infant_mortality", "全国", 2021, std::nan(""));
  BOOST_TEST((nan.error().diagnostics.at(0).code == diagnostic_code::non_finite_value));
  auto inf = builder.add("infant_mortality", "全国", 2021, HUGE_VAL);
  BOOST_TEST((inf.error().diagnostics.at(0).code == diagnostic_code::non_finite_value));
  auto unknown = builder.add("child_happiness", "全国", 2021, 1);
  BOOST_TEST((unknown.error().diagnostics.at(0).code == diagnostic_code::unknown_indicator_in_data));
  auto year = builder.add("infant_mortality", "全国", 20211, 1);
  BOOST_TEST((year.error().diagnostics.at(0).code == diagnostic_code::invalid_year_in_data));
  BOOST_TEST(year.error().diagnostics.at(0).location.line == 8u); // the eighth add()

  const auto built = finish(builder);
  BOOST_TEST(built.set.value_count() == 2u);
  BOOST_TEST(built.set.find("infant_mortality", "全国").value(2030).value() == 2.8);
  BOOST_TEST(built.set.find("paediatric_beds", "全国").value(2022).value() == 56.8);
}

BOOST_AUTO_TEST_CASE(columns_with_validity_bitmap) {
  measurement_set_builder builder(small_catalogue());
  constexpr std::size_t n = 150; // more than two validity words
  std::vector<std::string_view> regions = {"甲区", "乙区", "丙区"};
  std::vector<std::int32_t> region_codes(n), years(n);
  std::vector<double> values(n);
  std::vector<std::uint64_t> validity((n + 63) / 64, 0);
  for (std::size_t i = 0; i < n; ++i) {
    region_codes[i] = static_cast<std::int32_t>(i / 50);
    years[i] = 1980 + static_cast<std::int32_t>(i % 50);
    values[i] = static_cast<double>(i) / 10;
    if (i % 7 != 3) validity[i / 64] |= std::uint64_t(1) << (i % 64); // every 7th row missing
  }
  values[11] = std::nan(""); // present according to the bitmap: a bad row
  column_input in;
  in.size = n;
  in.indicator.constant = "婴儿死亡率";
  in.region.codes = region_codes.data();
  in.region.dictionary = regions;
  in.years = years.data();
  in.values = values.data();
  in.validity = validity.data();
  in.source.constant = "pandas";
  in.release = "2025-01";
  in.origin = "frame";
  auto report = builder.add_columns(in);
  BOOST_TEST_REQUIRE(report.has_value());
  std::size_t missing = 0;
  for (std::size_t i = 0; i < n; ++i) missing += i % 7 == 3;
  BOOST_TEST(report->missing == missing);
  BOOST_TEST(report->values == n - missing - 1);
  BOOST_TEST(report->bad_rows == 1u);
  BOOST_TEST_REQUIRE(report->diagnostics.size() == 1u);
  BOOST_TEST((report->diagnostics[0].code == diagnostic_code::non_finite_value));
  BOOST_TEST(report->diagnostics[0].location.file == "frame");
  BOOST_TEST(report->diagnostics[0].location.line == 12u); // row index 11, 1-based

  const auto built = finish(builder);
  const auto& set = built.set;
  BOOST_TEST(set.value_count() == n - missing - 1);
  const auto b = set.find("infant_mortality", "乙区");
  BOOST_TEST_REQUIRE(static_cast<bool>(b));
  BOOST_TEST(b.first_year() == 1980);
  BOOST_TEST(b.last_year() == 2029);
  BOOST_TEST(b.value(1980).value() == 5.0);   // row 50
  BOOST_TEST(!b.has(1982));                   // row 52: 52 % 7 == 3
  BOOST_TEST(b.source(1980) == "pandas");
  BOOST_TEST(b.release(1980) == "2025-01");

  // NaN as missing, codes outside the dictionary, a missing indicator column.
  measurement_set_builder second(small_catalogue());
  std::vector<std::int32_t> bad_codes = {0, 7};
  std::vector<std::int32_t> two_years = {2020, 2021};
  std::vector<double> nan_values = {std::nan(""), 1.0};
  column_input nan_in;
  nan_in.size = 2;
  nan_in.indicator.codes = bad_codes.data();
  std::vector<std::string_view> names = {"vaccination_rate"};
  nan_in.indicator.dictionary = names;
  nan_in.years = two_years.data();
  nan_in.values = nan_values.data();
  nan_in.nan_is_missing = true;
  auto nan_report = second.add_columns(nan_in);
  BOOST_TEST_REQUIRE(nan_report.has_value());
  BOOST_TEST(nan_report->missing == 1u);
  BOOST_TEST(nan_report->bad_rows == 1u);
  BOOST_TEST(nan_report->diagnostics.at(0).location.line == 2u);

  column_input empty;
  empty.size = 1;
  empty.years = two_years.data();
  empty.values = nan_values.data();
  BOOST_TEST((second.add_columns(empty).error().code == errc::invalid_argument));
}

BOOST_AUTO_TEST_CASE(region_hierarchy_queries) {
  measurement_set_builder builder(small_catalogue());
  // Data naming a district before the hierarchy is known: it becomes a root, then moves.
  BOOST_TEST(builder.add("vaccination_rate", "西岗区", 2022, 99.1).has_value());
  BOOST_TEST(builder.add_region("辽宁省", {}, ast::region_level::province).has_value());
  BOOST_TEST(builder.add_region("大连市", "辽宁省", ast::region_level::city).has_value());
  BOOST_TEST(builder.add_region("西岗区", "大连市", ast::region_level::county).has_value());
  BOOST_TEST(builder.add_region("中山区", "大连市", ast::region_level::county).has_value());
  for (const char* street : {"白云街道", "八一路街道", "人民广场街道"})
    BOOST_TEST(builder.add_region(street, "西岗区", ast::region_level::township).has_value());
  BOOST_TEST(builder.add_region("桃源街道", "中山区", ast::region_level::township).has_value());
  BOOST_TEST(builder.add_region("北斗社区", "白云街道", ast::region_level::village).has_value());
  // Two towns of the same name in different counties.
  BOOST_TEST(builder.add_region("城关镇", "西岗区", ast::region_level::township).has_value());
  BOOST_TEST(builder.add_region("城关镇", "中山区", ast::region_level::township).has_value());
  // A level that contradicts the one declared.
  BOOST_TEST(!builder.add_region("大连市", "辽宁省", ast::region_level::county).has_value());
  // A cycle.
  BOOST_TEST(!builder.add_region("辽宁省", "北斗社区").has_value());

  // An ambiguous name in data is a bad row; a path settles it.
  auto ambiguous = builder.add("vaccination_rate", "城关镇", 2022, 95);
  BOOST_TEST_REQUIRE(!ambiguous.has_value());
  BOOST_TEST((ambiguous.error().diagnostics.at(0).code == diagnostic_code::ambiguous_region));
  BOOST_TEST(builder.add("vaccination_rate", "中山区/城关镇", 2022, 95).has_value());
  BOOST_TEST(builder.add("vaccination_rate", "白云街道", 2022, 97).has_value());
  BOOST_TEST(builder.add("vaccination_rate", "八一路街道", 2022, 98).has_value());
  BOOST_TEST(builder.add("vaccination_rate", "桃源街道", 2022, 96).has_value());

  const auto built = finish(builder);
  const auto& set = built.set;
  const auto& regions = set.regions();
  BOOST_TEST(regions.size() == 11u);
  const auto province = regions.find("辽宁省");
  const auto city = regions.find("大连市");
  const auto xigang = regions.find("西岗区");
  const auto zhongshan = regions.find("中山区");
  BOOST_TEST_REQUIRE(xigang != no_region);
  BOOST_TEST(regions.find("城关镇") == no_region);
  BOOST_TEST(regions.find_all("城关镇").size() == 2u);
  const auto town = regions.find("大连市/中山区/城关镇");
  BOOST_TEST_REQUIRE(town != no_region);
  BOOST_TEST(regions.find("中山区/城关镇") == town);
  BOOST_TEST(regions.find("辽宁省/大连市/中山区/城关镇") == town);
  BOOST_TEST(regions.find_child(zhongshan, "城关镇") == town);
  BOOST_TEST(regions.path(town) == "辽宁省/大连市/中山区/城关镇");
  BOOST_TEST(regions[xigang].parent == city);
  BOOST_TEST((regions[xigang].level == ast::region_level::county));
  BOOST_TEST(regions.roots().size() == 1u);
  BOOST_TEST(regions.roots()[0] == province);
  BOOST_TEST(regions.children(city).size() == 2u);
  BOOST_TEST(regions.children(xigang).size() == 4u);

  // Depth-first ids: a subtree is a range.
  BOOST_TEST(regions.contains(city, regions.find("北斗社区")));
  BOOST_TEST(!regions.contains(zhongshan, regions.find("白云街道")));
  BOOST_TEST(regions.subtree_end(province) == regions.size());
  const auto streets = regions.descendants(xigang, ast::region_level::township);
  BOOST_TEST(streets.size() == 4u); // three 街道 and one 城关镇
  BOOST_TEST(regions.descendants(city, ast::region_level::township).size() == 6u);
  BOOST_TEST(regions.descendants(city, ast::region_level::village).size() == 1u);
  BOOST_TEST(regions.descendants(city).size() == 9u);

  // The series of one indicator for a subtree are contiguous.
  const auto vaccination = set.catalogue().find("vaccination_rate");
  BOOST_TEST(set.series(vaccination).size() == 5u);
  BOOST_TEST(set.series_in(vaccination, xigang).size() == 3u); // 西岗区 itself, 白云街道, 八一路街道
  BOOST_TEST(set.series_in(vaccination, zhongshan).size() == 2u);
  BOOST_TEST(set.find(vaccination, xigang).value(2022).value() == 99.1);
}

BOOST_AUTO_TEST_CASE(slices_are_canonical) {
  BOOST_TEST(canonical_slice("性别=女, 城乡=农村").value() == "area=rural,sex=female");
  BOOST_TEST(canonical_slice("sex:F;age=0～5岁").value() == "age=0-5,sex=female");
  BOOST_TEST(canonical_slice("sex=total").value().empty());
  BOOST_TEST(canonical_slice("").value().empty());
  BOOST_TEST(!canonical_slice("female").has_value());
  BOOST_TEST(!canonical_slice("sex=female,性别=男").has_value());

  measurement_set_builder builder(small_catalogue());
  BOOST_TEST(builder.add("infant_mortality", "全国", 2022, 5.1, value_qualifier::exact, {}, "sex=male").has_value());
  BOOST_TEST(builder.add("infant_mortality", "全国", 2022, 4.5, value_qualifier::exact, {}, "性别=女").has_value());
  BOOST_TEST(builder.add("infant_mortality", "全国", 2022, 4.9).has_value());
  BOOST_TEST(builder.add("infant_mortality", "全国", 2022, 6.0, value_qualifier::exact, {}, "area=rural, sex=female").has_value());
  const auto built = finish(builder);
  const auto& set = built.set;
  BOOST_TEST(set.slices().size() == 4u);
  BOOST_TEST(set.slices()[0].text.empty());
  BOOST_TEST(set.find_slice("") == total_slice);
  BOOST_TEST(set.find_slice("sex=female") != no_slice);
  BOOST_TEST(set.find_slice("女=性别") == no_slice);
  BOOST_TEST(set.find_slice("sex=other") == no_slice);
  BOOST_TEST(set.find("infant_mortality", "全国", "sex=female").value(2022).value() == 4.5);
  BOOST_TEST(set.find("infant_mortality", "全国", "城乡=农村,性别=女").value(2022).value() == 6.0);
  BOOST_TEST(set.find("infant_mortality", "全国").value(2022).value() == 4.9);
  const auto female = set.slices()[set.find_slice("sex=female")];
  BOOST_TEST_REQUIRE(female.keys.size() == 1u);
  BOOST_TEST(female.keys[0].first == "sex");
  BOOST_TEST(female.keys[0].second == "female");
}

BOOST_AUTO_TEST_CASE(duplicates_keep_the_first_value) {
  measurement_set_builder builder(small_catalogue());
  BOOST_TEST(builder.add("infant_mortality", "全国", 2021, 5.0).has_value());
  BOOST_TEST(builder.add("infant_mortality", "全国", 2021, 5.0).has_value());       // same value
  BOOST_TEST(builder.add("infant_mortality", "全国", 2021, 5.2).has_value());       // different
  BOOST_TEST(builder.add("infant_mortality", "全国", 2022, std::nullopt).has_value());
  BOOST_TEST(builder.add("infant_mortality", "全国", 2022, 4.9).has_value());       // fills the missing value
  BOOST_TEST(builder.add("infant_mortality", "全国", 2022, std::nullopt).has_value()); // says nothing
  const auto built = finish(builder);
  const auto& diagnostics = built.report.diagnostics;
  BOOST_TEST(diagnostics.size() == 2u, render(diagnostics));
  BOOST_TEST(count_code(diagnostics, diagnostic_code::duplicate_row) == 1u);
  BOOST_TEST(count_code(diagnostics, diagnostic_code::conflicting_duplicate) == 1u);
  for (const auto& d : diagnostics) {
    if (d.code == diagnostic_code::duplicate_row) {
      BOOST_TEST((d.level == severity::warning));
      BOOST_TEST(d.location.line == 2u);
    }
    BOOST_TEST(d.location.file == "<builder>");
    BOOST_TEST(!d.notes.empty());
  }
  const auto s = built.set.find("infant_mortality", "全国");
  BOOST_TEST(s.value(2021).value() == 5.0);
  BOOST_TEST(s.value(2022).value() == 4.9);

  measurement_set_builder strict(small_catalogue());
  BOOST_TEST(strict.add("infant_mortality", "全国", 2021, 5.0).has_value());
  BOOST_TEST(strict.add("infant_mortality", "全国", 2021, 5.2).has_value());
  finish_options options;
  options.duplicates_fatal = true;
  const auto failed = strict.finish(options);
  BOOST_TEST_REQUIRE(!failed.has_value());
  BOOST_TEST((failed.error().code == errc::invalid_input));
  BOOST_TEST(count_code(failed.error().diagnostics, diagnostic_code::conflicting_duplicate) == 1u);
  BOOST_TEST(strict.pending() == 2u); // a failed finish leaves the builder as it was
}

BOOST_AUTO_TEST_CASE(qualifier_names) {
  BOOST_TEST((qualifier_from_name("") == value_qualifier::exact));
  BOOST_TEST((qualifier_from_name("Lower_Bound") == value_qualifier::lower_bound));
  BOOST_TEST((qualifier_from_name("lower_bound; as of 2025-10") == value_qualifier::lower_bound));
  BOOST_TEST((qualifier_from_name("以上") == value_qualifier::lower_bound));
  BOOST_TEST((qualifier_from_name("at most") == value_qualifier::upper_bound));
  BOOST_TEST((qualifier_from_name("low-quality copy") == value_qualifier::provisional));
  BOOST_TEST((qualifier_from_name("初步") == value_qualifier::provisional));
  BOOST_TEST(!qualifier_from_name("maybe").has_value());
  BOOST_TEST(to_string(value_qualifier::upper_bound) == "upper_bound");
}

BOOST_AUTO_TEST_CASE(dense_set_memory) {
  // 40 indicators × 300 regions × 11 years, every value present.
  auto cat = std::make_shared<catalogue>();
  for (int i = 0; i < 40; ++i) BOOST_TEST_REQUIRE(cat->add(indicator("i" + std::to_string(i), "", "%")));
  measurement_set_builder builder(cat);
  std::vector<std::string> names;
  for (int r = 0; r < 300; ++r) names.push_back("region " + std::to_string(r));
  for (int i = 0; i < 40; ++i)
    for (int r = 0; r < 300; ++r)
      for (int y = 2020; y <= 2030; ++y)
        BOOST_TEST_REQUIRE(builder.add("i" + std::to_string(i), names[r], y, i + r / 1000.0 + y).has_value());
  const auto built = finish(builder);
  const auto& set = built.set;
  const std::size_t values = 40 * 300 * 11;
  BOOST_TEST(set.value_count() == values);
  BOOST_TEST(set.slot_count() == values);
  BOOST_TEST(set.memory_bytes() >= values * 8);
  BOOST_TEST(set.memory_bytes() <= values * 8 * 3 / 2, set.memory_bytes() << " bytes for " << values << " values");
  BOOST_TEST(set.find("i7", "region 42").value(2025).value() == 7 + 0.042 + 2025);
}

BOOST_AUTO_TEST_CASE(sets_are_shared_read_only) {
  measurement_set empty;
  BOOST_TEST(empty.series_count() == 0u);
  BOOST_TEST(!empty.find("x", "y"));
  BOOST_TEST(empty.regions().empty());
  BOOST_TEST(empty.slices().size() == 1u);

  measurement_set_builder builder(small_catalogue());
  for (int y = 2000; y < 2030; ++y) BOOST_TEST_REQUIRE(builder.add("infant_mortality", "全国", y, 30 - y % 30).has_value());
  const auto built = finish(builder);
  const measurement_set copy = built.set; // copies share the columns
  BOOST_TEST(copy.memory_bytes() == built.set.memory_bytes());
  BOOST_TEST(&copy.series()[0] == &built.set.series()[0]);
  // Readers on several threads need nothing but const access.
  std::vector<double> sums(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < sums.size(); ++t)
    threads.emplace_back([&copy, &sums, t] {
      for (int round = 0; round < 100; ++round)
        for (const auto p : copy.find("infant_mortality", "全国")) sums[t] += p.value;
    });
  for (auto& thread : threads) thread.join();
  for (const auto sum : sums) BOOST_TEST(sum == sums[0]);
}

BOOST_AUTO_TEST_SUITE_END()
