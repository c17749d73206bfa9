// CSV loading: the national statistics, layouts, header recognition, and a bad row of every kind.
#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <planrules/planrules.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

using namespace planrules;

namespace {

const std::string national_csv = std::string(PLANRULES_SHARED_DIR) + "/data/cn_national_children_statistics.csv";

using planrules::testing::indicator;

std::shared_ptr<const catalogue> test_catalogue() {
  auto cat = std::make_shared<catalogue>();
  BOOST_TEST_REQUIRE(cat->add(indicator("infant_mortality", "婴儿死亡率", "‰")));
  BOOST_TEST_REQUIRE(cat->add(indicator("neonatal_mortality", "新生儿死亡率", "‰")));
  BOOST_TEST_REQUIRE(cat->add(indicator("vaccination_rate", "适龄儿童免疫规划疫苗接种率", "%", {"适龄儿童纳入国家免疫规划的各种疫苗接种率"})));
  // No alias needed for 0—6岁 / 0~6岁: names are compared with every dash alike.
  BOOST_TEST_REQUIRE(cat->add(indicator("child_eye_care_coverage", "0-6岁儿童眼保健和视力检查覆盖率", "%")));
  BOOST_TEST_REQUIRE(cat->add(indicator("paediatricians", "儿科执业（助理）医师数", "万人", {"儿科医师数", "儿科执业（助理）医师"})));
  BOOST_TEST_REQUIRE(cat->add(indicator("harmful_online_info_handled", "处置网上危害儿童的违法和不良信息", "万条")));
  return cat;
}

// The standard catalogue, rules/catalogue.rules as compiled into the library.
std::shared_ptr<const catalogue> standard_catalogue() {
  const auto& source = standard_catalogue_source();
  const auto parsed = parse(source);
  BOOST_TEST_REQUIRE(parsed.ok(), render(parsed.diagnostics));
  auto cat = std::make_shared<catalogue>();
  diagnostic_list diagnostics;
  for (const auto& declared : parsed.file.indicators) cat->add(declared, source, diagnostics);
  BOOST_TEST_REQUIRE(!has_errors(diagnostics), render(diagnostics));
  return cat;
}

std::vector<const diagnostic*> with_code(const diagnostic_list& list, diagnostic_code code) {
  std::vector<const diagnostic*> out;
  for (const auto& d : list)
    if (d.code == code) out.push_back(&d);
  return out;
}

// The one diagnostic at `line`, which must have `code`.
void expect_at(const diagnostic_list& list, std::uint32_t line, diagnostic_code code) {
  std::vector<const diagnostic*> at;
  for (const auto& d : list)
    if (d.location.line == line) at.push_back(&d);
  BOOST_TEST_CONTEXT("line " << line << " in:\n" << render(list)) {
    BOOST_TEST_REQUIRE(at.size() == 1u);
    BOOST_TEST(code_id(at[0]->code) == code_id(code));
  }
}

build_result finish(measurement_set_builder& builder) {
  auto built = builder.finish();
  BOOST_TEST_REQUIRE(built.has_value(), (built ? "" : built.error().message));
  return std::move(*built);
}

} // namespace

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(national_statistics_with_standard_catalogue) {
  const auto loaded = load_csv(national_csv, *standard_catalogue());
  BOOST_TEST_REQUIRE(loaded.has_value(), (loaded ? "" : loaded.error().message));
  const auto& report = loaded->report;
  const auto& set = loaded->set;
  BOOST_TEST(report.layout == "long");
  BOOST_TEST(report.rows == 83u);
  BOOST_TEST(report.values == 83u);
  BOOST_TEST(report.missing == 0u);
  BOOST_TEST(report.bad_rows == 0u, render(report.diagnostics));
  // Three rows repeat a key: two with the same figure from another source, and
  // 普惠性幼儿园覆盖率 (an alias of 普惠性幼儿园在园幼儿占比) with 90.8 against 90.81 —
  // the same figure at another precision, so a warning, not a conflict.
  BOOST_TEST(report.diagnostics.size() == 3u, render(report.diagnostics));
  expect_at(report.diagnostics, 78, diagnostic_code::duplicate_row);
  expect_at(report.diagnostics, 81, diagnostic_code::duplicate_row);
  expect_at(report.diagnostics, 82, diagnostic_code::duplicate_row);
  BOOST_TEST(set.find("inclusive_kindergarten_enrolment_share", "全国").value(2023).value() == 90.81);
  BOOST_TEST(set.value_count() == 80u);

  BOOST_TEST_REQUIRE(set.regions().size() == 1u);
  BOOST_TEST(set.regions()[0].name == "全国");
  BOOST_TEST((set.regions()[0].level == ast::region_level::nation));

  const auto infant = set.find("infant_mortality", "全国");
  BOOST_TEST(infant.first_year() == 2020);
  BOOST_TEST(infant.value(2024).value() == 4.0);
  BOOST_TEST(infant.present_count() == 5u);

  // Name variants: 0—6岁 (2021) and 0~6岁 (2022); 儿科医师数 (2022) and 儿科执业(助理)医师 (2023, 2024).
  const auto eye = set.find("child_eye_care_coverage", "全国");
  BOOST_TEST(eye.value(2021).value() == 93);
  BOOST_TEST(eye.value(2022).value() == 93.6);
  const auto doctors = set.find("paediatricians", "全国");
  BOOST_TEST(doctors.value(2022).value() == 22.6);
  BOOST_TEST(doctors.value(2023).value() == 23.4);
  BOOST_TEST(doctors.value(2024).value() == 24.4);
  const auto beds = set.find("paediatric_beds", "全国"); // 儿科床位数 and 儿科床位
  BOOST_TEST(beds.present_count() == 3u);

  // Bounds: a lower_bound qualifier, 万余条 (more than), and the qualifier's note.
  const auto vaccination = set.find("vaccination_rate", "全国");
  BOOST_TEST((vaccination.qualifier(2022) == value_qualifier::lower_bound));
  const auto harmful = set.find("harmful_online_info_handled", "全国");
  BOOST_TEST(harmful.value(2024).value() == 548.5);
  BOOST_TEST((harmful.qualifier(2024) == value_qualifier::lower_bound));
  const auto places = set.find("childcare_places_per_1000", "全国");
  BOOST_TEST(places.value(2024).value() == 4.08);
  BOOST_TEST((places.qualifier(2024) == value_qualifier::exact));
  BOOST_TEST((places.qualifier(2025) == value_qualifier::lower_bound));
  BOOST_TEST(places.note(2025) == "lower_bound; as of 2025-10");
  BOOST_TEST(places.source(2025).starts_with("NDRC via China Daily | China Daily 2025-12-09, NDRC researcher"));
  BOOST_TEST(places.source(2025).ends_with("| http://www.ming7.cn/a/202512/09/WS69381039a310d6866eb2dbb7.html"));
  const auto preconception = set.find("preconception_exam_coverage", "全国");
  BOOST_TEST((preconception.qualifier(2024) == value_qualifier::provisional));
  BOOST_TEST(preconception.note(2024) == "low-quality copy");
  BOOST_TEST(set.find("minor_museum_visits", "全国").value(2023).value() == 3.0);          // 亿人次
  BOOST_TEST(set.find("children_books_copies", "全国").value(2023).value() == 10.1);       // 亿册(张)
  BOOST_TEST(set.find("paediatricians_per_1000_children", "全国").value(2021).value() == 0.78); // 名/千名儿童
  BOOST_TEST(infant.source(2021).starts_with("NBS | NBS 2021年《中国儿童发展纲要（2021—2030年）》统计监测报告"));
  // The first of two equal figures is kept, with its own source.
  BOOST_TEST(set.find("preschool_enrolment", "全国").source(2023).starts_with("NBS | "));
  BOOST_TEST(set.find("inclusive_kindergarten_enrolment_share", "全国").value(2023).value() == 90.81);
}

BOOST_AUTO_TEST_CASE(national_statistics_with_small_catalogue) {
  measurement_set_builder builder(test_catalogue());
  const auto report = load_csv(builder, national_csv);
  BOOST_TEST_REQUIRE(report.has_value());
  BOOST_TEST(report->rows == 83u);
  BOOST_TEST(report->values == 16u);
  BOOST_TEST(report->bad_rows == 67u);
  const auto unknown = with_code(report->diagnostics, diagnostic_code::unknown_indicator_in_data);
  BOOST_TEST_REQUIRE(unknown.size() == 67u);
  const auto& first = *unknown.front();
  BOOST_TEST(first.location.file == national_csv);
  BOOST_TEST(first.location.line == 2u);
  BOOST_TEST(first.location.column == 6u); // after "2021,"
  BOOST_TEST(first.location.end_column == 6u + 17u);
  BOOST_TEST(first.location.line_text.starts_with("2021,每千名儿童拥有儿科执业(助理)医生,0.78"));
  const auto built = finish(builder);
  const auto& set = built.set;
  BOOST_TEST(set.find("child_eye_care_coverage", "全国").present_count() == 2u);
  BOOST_TEST(set.find("paediatricians", "全国").present_count() == 3u);
  BOOST_TEST(set.find("婴儿死亡率", "全国").present_count() == 5u);
  BOOST_TEST(set.find("新生儿死亡率", "全国").present_count() == 4u);
  BOOST_TEST((set.find("vaccination_rate", "全国").qualifier(2022) == value_qualifier::lower_bound));
}

// One bad row per reason, each between valid rows. Missing spellings are not errors.
const std::string bad_rows_csv =
    "indicator,region,year,value,unit,qualifier\n"     // 1
    "infant_mortality,全国,2020,5.4,‰,\n"              // 2 valid
    "infant_mortality,全国,2021,abc,‰,\n"              // 3 non-numeric
    "infant_mortality,全国,2022,NaN,‰,\n"              // 4 NaN
    "infant_mortality,全国,2023,-inf,,\n"              // 5 infinite
    "infant_mortality,全国,2024,NA,,\n"                // 6 missing
    "infant_mortality,全国,2025,..,,\n"                // 7 missing
    "infant_mortality,全国,2026,-,,\n"                 // 8 missing
    "infant_mortality,全国,2027,,,\n"                  // 9 missing
    "child_happiness,全国,2021,1,,\n"                  // 10 unknown indicator
    "infant_mortality,甲区,2021,5,furlongs,\n"         // 11 unknown unit
    "infant_mortality,乙区,2021,5,万人,\n"             // 12 unit of another dimension
    "infant_mortality,全国,2020,5.5,‰,\n"              // 13 same key, different value (at finish)
    "infant_mortality,全国,2020,0.54,%,\n"             // 14 same key, same value (at finish)
    "infant_mortality,全国,20x1,5,,\n"                 // 15 bad year
    "infant_mortality,全国,1850,5,,\n"                 // 16 year out of range
    "infant_mortality,全国,2021,5\n"                   // 17 wrong field count
    "infant_mortality,全国,2021,5,,maybe\n"            // 18 unknown qualifier
    "infant_mortality,全国,2019,5\"1,,\n"              // 19 quote inside a field
    "infant_mortality,\"全国\"x,2019,5,,\n"            // 20 text after a closing quote
    "infant_mortality,\xff\xfe,2019,5,,\n"             // 21 invalid UTF-8
    "infant_mortality,,2019,5,,\n"                     // 22 empty region
    "vaccination_rate,全国,2021,99.5,%,\n"             // 23 valid
    "vaccination_rate,全国,2022,0.5,,upper_bound\n"    // 24 valid
    "infant_mortality,全国,2018,\"5,1\",‰,\n"          // 25 thousands separator
    "infant_mortality,全国,2017,5.1,万余人,\n"         // 26 more-than unit of another dimension
    "vaccination_rate,全国,2023,\"99.1\n";             // 27 quote never closed

BOOST_AUTO_TEST_CASE(every_bad_row_is_reported) {
  measurement_set_builder builder(test_catalogue());
  const auto report = load_csv_text(builder, bad_rows_csv, "bad.csv");
  BOOST_TEST_REQUIRE(report.has_value());
  const auto& d = report->diagnostics;
  BOOST_TEST(report->rows == 26u);
  BOOST_TEST(report->values == 5u); // lines 2, 13, 14, 23, 24
  BOOST_TEST(report->missing == 4u); // lines 6–9
  BOOST_TEST(report->bad_rows == 17u, render(d));
  BOOST_TEST(d.size() == 17u, render(d));
  expect_at(d, 3, diagnostic_code::non_numeric_value);
  expect_at(d, 4, diagnostic_code::non_finite_value);
  expect_at(d, 5, diagnostic_code::non_finite_value);
  expect_at(d, 10, diagnostic_code::unknown_indicator_in_data);
  expect_at(d, 11, diagnostic_code::unknown_unit_in_data);
  expect_at(d, 12, diagnostic_code::unit_mismatch_in_data);
  expect_at(d, 15, diagnostic_code::invalid_year_in_data);
  expect_at(d, 16, diagnostic_code::invalid_year_in_data);
  expect_at(d, 17, diagnostic_code::wrong_field_count);
  expect_at(d, 18, diagnostic_code::unknown_qualifier);
  expect_at(d, 19, diagnostic_code::csv_syntax);
  expect_at(d, 20, diagnostic_code::csv_syntax);
  expect_at(d, 21, diagnostic_code::invalid_utf8_in_data);
  expect_at(d, 22, diagnostic_code::unknown_region);
  expect_at(d, 25, diagnostic_code::non_numeric_value);
  expect_at(d, 26, diagnostic_code::unit_mismatch_in_data);
  expect_at(d, 27, diagnostic_code::csv_syntax);
  for (const auto& diag : d) {
    BOOST_TEST(diag.location.file == "bad.csv");
    BOOST_TEST(!diag.message.empty());
    BOOST_TEST((diag.level == severity::error));
  }
  // Columns count characters: "abc" follows "infant_mortality,全国,2021,".
  const auto& non_numeric = *with_code(d, diagnostic_code::non_numeric_value).front();
  BOOST_TEST(non_numeric.location.column == 26u);
  BOOST_TEST(non_numeric.location.end_column == 29u);
  BOOST_TEST(non_numeric.location.line_text == "infant_mortality,全国,2021,abc,‰,");
  BOOST_TEST(with_code(d, diagnostic_code::non_numeric_value).back()->message.find("thousands") != std::string::npos);
  const auto& quote = *with_code(d, diagnostic_code::csv_syntax).front();
  BOOST_TEST(quote.location.column == 27u); // the stray quote in 5"1
  const auto& wrong = *with_code(d, diagnostic_code::wrong_field_count).front();
  BOOST_TEST(wrong.message.find("4 fields") != std::string::npos);
  const auto& utf8 = *with_code(d, diagnostic_code::invalid_utf8_in_data).front();
  BOOST_TEST(utf8.location.line_text == "infant_mortality,\xEF\xBF\xBD\xEF\xBF\xBD,2019,5,,"); // shown with U+FFFD
  BOOST_TEST(!render(d).empty());

  const auto built = finish(builder);
  const auto& later = built.report.diagnostics;
  BOOST_TEST(later.size() == 2u, render(later));
  expect_at(later, 13, diagnostic_code::conflicting_duplicate);
  expect_at(later, 14, diagnostic_code::duplicate_row); // 0.54% is 5.4‰
  BOOST_TEST(later[0].location.line_text == "infant_mortality,全国,2020,5.5,‰,");

  // The valid rows around the bad ones are all there; missing stays missing.
  const auto& set = built.set;
  const auto infant = set.find("infant_mortality", "全国");
  BOOST_TEST(infant.value(2020).value() == 5.4);
  BOOST_TEST(infant.first_year() == 2020);
  BOOST_TEST(infant.last_year() == 2027);
  BOOST_TEST(infant.present_count() == 1u);
  for (int year = 2021; year <= 2027; ++year) BOOST_TEST(!infant.has(year));
  const auto vaccination = set.find("vaccination_rate", "全国");
  BOOST_TEST(vaccination.value(2021).value() == 99.5);
  BOOST_TEST((vaccination.qualifier(2022) == value_qualifier::upper_bound));
  BOOST_TEST(set.value_count() == 3u);
}

BOOST_AUTO_TEST_CASE(bad_rows_can_be_fatal) {
  measurement_set_builder builder(test_catalogue());
  BOOST_TEST_REQUIRE(load_csv_text(builder, "indicator,year,value\ninfant_mortality,2020,5.4\n", "good.csv").has_value());
  data_load_options options;
  options.bad_rows_fatal = true;
  const auto failed = load_csv_text(builder, bad_rows_csv, "bad.csv", options);
  BOOST_TEST_REQUIRE(!failed.has_value());
  BOOST_TEST((failed.error().code == errc::invalid_input));
  BOOST_TEST(failed.error().message.find("17 bad rows") != std::string::npos, failed.error().message);
  BOOST_TEST(failed.error().diagnostics.size() == 17u);
  // Nothing of the failed file is kept: not its values, not its regions.
  BOOST_TEST(builder.pending() == 1u);
  const auto built = finish(builder);
  BOOST_TEST(built.set.value_count() == 1u);
  BOOST_TEST(built.set.regions().size() == 1u);

  // With the convenience loader, a conflicting duplicate is fatal too.
  const auto path = (std::filesystem::temp_directory_path() / "planrules_duplicates.csv").string();
  std::ofstream(path) << "indicator,year,value\ninfant_mortality,2020,5.4\ninfant_mortality,2020,5.5\n";
  const auto duplicate = load_csv(path, *test_catalogue(), options);
  BOOST_TEST_REQUIRE(!duplicate.has_value());
  BOOST_TEST(with_code(duplicate.error().diagnostics, diagnostic_code::conflicting_duplicate).size() == 1u);
  options.bad_rows_fatal = false;
  BOOST_TEST(load_csv(path, *test_catalogue(), options).has_value());
  std::filesystem::remove(path);
}

BOOST_AUTO_TEST_CASE(quoting_line_endings_and_delimiters) {
  measurement_set_builder builder(test_catalogue());
  const std::string text = "\xEF\xBB\xBF\"indicator\",\"region\",\"year\",\"value\",\"source\"\r\n"
                           "infant_mortality,全国,2021,5.0,\"NBS, 2023 \"\"report\"\"\"\r\n"
                           "infant_mortality,全国,2022, 4.9 ,\"line one\nline two\"\r\n"
                           "\r\n"
                           "infant_mortality,全国,2023,4.5,plain\r\n"
                           "infant_mortality,全国,2024,oops,plain\r\n"
                           ",,,,\r\n";
  const auto report = load_csv_text(builder, text, "quoted.csv");
  BOOST_TEST_REQUIRE(report.has_value());
  BOOST_TEST(report->rows == 4u);
  BOOST_TEST(report->values == 3u);
  BOOST_TEST_REQUIRE(report->diagnostics.size() == 1u, render(report->diagnostics));
  expect_at(report->diagnostics, 7, diagnostic_code::non_numeric_value); // after a two-line record and a blank line
  BOOST_TEST(report->diagnostics[0].location.line_text == "infant_mortality,全国,2024,oops,plain");
  const auto built = finish(builder);
  const auto s = built.set.find("infant_mortality", "全国");
  BOOST_TEST(s.source(2021) == "NBS, 2023 \"report\"");
  BOOST_TEST(s.source(2022) == "line one\nline two");
  BOOST_TEST(s.value(2022).value() == 4.9);
  BOOST_TEST(s.source(2023) == "plain");

  // Tab-separated, Chinese headers, a disaggregation column.
  measurement_set_builder tabs(test_catalogue());
  const auto tab_report = load_csv_text(tabs,
                                        "指标\t地区\t年份\t数值\t性别\t单位\n"
                                        "婴儿死亡率\t全国\t2022年\t4.5\t女\t‰\n"
                                        "婴儿死亡率\t全国\t2022年\t5.1\t男\t‰\n"
                                        "婴儿死亡率\t全国\t2022年\t4.9\t合计\t‰\n",
                                        "tabs.tsv");
  BOOST_TEST_REQUIRE(tab_report.has_value());
  BOOST_TEST(tab_report->values == 3u, render(tab_report->diagnostics));
  const auto tab_set = finish(tabs);
  BOOST_TEST(tab_set.set.find("infant_mortality", "全国", "sex=female").value(2022).value() == 4.5);
  BOOST_TEST(tab_set.set.find("infant_mortality", "全国", "sex=male").value(2022).value() == 5.1);
  BOOST_TEST(tab_set.set.find("infant_mortality", "全国").value(2022).value() == 4.9);

  // Semicolons, found from the header.
  measurement_set_builder semicolons(test_catalogue());
  const auto semi = load_csv_text(semicolons, "Indicator;Year;Value\ninfant_mortality;2021;5,0\n", "semi.csv");
  BOOST_TEST_REQUIRE(semi.has_value());
  expect_at(semi->diagnostics, 2, diagnostic_code::non_numeric_value); // a decimal comma is not read as a point
}

BOOST_AUTO_TEST_CASE(unusable_headers) {
  measurement_set_builder builder(test_catalogue());
  const auto no_value = load_csv_text(builder, "indicator,region,year,amount\nx,y,2020,1\n", "a.csv");
  BOOST_TEST_REQUIRE(!no_value.has_value());
  BOOST_TEST((no_value.error().code == errc::invalid_input));
  BOOST_TEST_REQUIRE(no_value.error().diagnostics.size() == 1u);
  BOOST_TEST((no_value.error().diagnostics[0].code == diagnostic_code::missing_column));
  BOOST_TEST(no_value.error().diagnostics[0].location.line == 1u);

  data_load_options long_only;
  long_only.layout = table_layout::long_format;
  const auto no_year = load_csv_text(builder, "indicator,value\nx,1\n", "b.csv", long_only);
  BOOST_TEST_REQUIRE(!no_year.has_value());
  BOOST_TEST(no_year.error().diagnostics.at(0).message.find("year column") != std::string::npos);

  const auto twice = load_csv_text(builder, "indicator,year,年份,value\n", "c.csv");
  BOOST_TEST_REQUIRE(!twice.has_value());
  BOOST_TEST((twice.error().diagnostics.at(0).code == diagnostic_code::duplicate_column));
  BOOST_TEST(twice.error().diagnostics.at(0).location.column == 16u);

  const auto empty = load_csv_text(builder, "\n\n", "d.csv");
  BOOST_TEST_REQUIRE(!empty.has_value());
  BOOST_TEST((empty.error().diagnostics.at(0).code == diagnostic_code::missing_column));

  const auto missing_file = load_csv(builder, "/nonexistent/planrules.csv");
  BOOST_TEST_REQUIRE(!missing_file.has_value());
  BOOST_TEST((missing_file.error().code == errc::io_error));
  BOOST_TEST((missing_file.error().diagnostics.at(0).code == diagnostic_code::cannot_read_file));

  data_load_options tiny;
  tiny.max_file_bytes = 10;
  const auto too_large = load_csv_text(builder, "indicator,year,value\n", "e.csv", tiny);
  BOOST_TEST((too_large.error().code == errc::limit_exceeded));
  BOOST_TEST(builder.pending() == 0u);
}

BOOST_AUTO_TEST_CASE(wide_by_year) {
  measurement_set_builder builder(test_catalogue());
  const auto report = load_csv_text(builder,
                                    "indicator,region,unit,2020,2021,2022,2023年,extra\n"
                                    "婴儿死亡率,全国,‰,5.4,5.0,,4.5,from NBS\n"
                                    "新生儿死亡率,全国,‰,3.4,3.1,3.1,x,\n"
                                    "infant_mortality,全国,%,0.54,,,,\n",
                                    "wide.csv");
  BOOST_TEST_REQUIRE(report.has_value());
  BOOST_TEST(report->layout == "wide_years");
  BOOST_TEST(report->ignored_columns == std::vector<std::string>{"extra"}, boost::test_tools::per_element());
  BOOST_TEST(report->rows == 3u);
  BOOST_TEST(report->values == 7u);
  BOOST_TEST(report->missing == 4u);
  BOOST_TEST(report->bad_rows == 1u);
  BOOST_TEST_REQUIRE(report->diagnostics.size() == 1u);
  BOOST_TEST((report->diagnostics[0].code == diagnostic_code::non_numeric_value));
  BOOST_TEST(report->diagnostics[0].location.line == 3u);
  BOOST_TEST(report->diagnostics[0].location.column == 25u);
  const auto built = finish(builder);
  // 0.54% = 5.4‰ repeats 2020; its empty cells say nothing about 2021–2023.
  BOOST_TEST_REQUIRE(built.report.diagnostics.size() == 1u, render(built.report.diagnostics));
  BOOST_TEST((built.report.diagnostics[0].code == diagnostic_code::duplicate_row));
  const auto infant = built.set.find("infant_mortality", "全国");
  BOOST_TEST(infant.value(2023).value() == 4.5);
  BOOST_TEST(!infant.has(2022));
  const auto neonatal = built.set.find("neonatal_mortality", "全国");
  BOOST_TEST(neonatal.present_count() == 3u);
  BOOST_TEST(!neonatal.has(2023));
}

BOOST_AUTO_TEST_CASE(wide_by_indicator) {
  measurement_set_builder builder(test_catalogue());
  const auto report = load_csv_text(builder,
                                    "地区,年份,婴儿死亡率,新生儿死亡率(%),幸福指数,备注\n"
                                    "全国,2021,5.0,0.31,1,first\n"
                                    "全国,2022,4.9,NA,2,\n"
                                    "甲市,2022,6.1,0.4,3,\n",
                                    "by_indicator.csv");
  BOOST_TEST_REQUIRE(report.has_value());
  BOOST_TEST(report->layout == "wide_indicators");
  BOOST_TEST(report->values == 5u);
  BOOST_TEST(report->missing == 1u);
  BOOST_TEST(report->bad_rows == 0u);
  BOOST_TEST_REQUIRE(report->diagnostics.size() == 1u); // the unknown indicator column, once
  BOOST_TEST((report->diagnostics[0].code == diagnostic_code::unknown_indicator_in_data));
  BOOST_TEST(report->diagnostics[0].location.line == 1u);
  BOOST_TEST(report->diagnostics[0].location.column == 23u);
  const auto built = finish(builder);
  const auto neonatal = built.set.find("neonatal_mortality", "全国");
  BOOST_TEST(neonatal.value(2021).value() == 3.1); // 0.31% in ‰
  BOOST_TEST(neonatal.note(2021) == "first");
  BOOST_TEST(built.set.find("neonatal_mortality", "甲市").value(2022).value() == 4.0);
  BOOST_TEST(built.set.find("infant_mortality", "甲市").value(2022).value() == 6.1);
}

BOOST_AUTO_TEST_CASE(hierarchy_from_csv) {
  measurement_set_builder builder(test_catalogue());
  const auto regions = load_csv_text(builder,
                                     "region,parent,level\n"
                                     "大连市,,市\n"
                                     "西岗区,大连市,区\n"
                                     "白云街道,西岗区,街道\n"
                                     "八一路街道,西岗区,街道\n"
                                     "北斗社区,白云街道,社区\n"
                                     "巴彦淖尔市,,盟\n"
                                     "临河区,巴彦淖尔市,旗县\n"
                                     "某苏木,临河区,苏木乡镇\n"
                                     "某嘎查,某苏木,嘎查村\n"
                                     "错误,西岗区,galaxy\n"
                                     "西岗区,巴彦淖尔市,区\n",
                                     "regions.csv");
  BOOST_TEST_REQUIRE(regions.has_value());
  BOOST_TEST(regions->layout == "regions");
  BOOST_TEST(regions->bad_rows == 2u, render(regions->diagnostics));
  expect_at(regions->diagnostics, 11, diagnostic_code::invalid_hierarchy);
  expect_at(regions->diagnostics, 12, diagnostic_code::invalid_hierarchy);
  data_load_options strict;
  strict.create_regions = false;
  const auto data = load_csv_text(builder,
                                  "indicator,region,year,value\n"
                                  "vaccination_rate,白云街道,2022,99\n"
                                  "vaccination_rate,八一路街道,2022,97\n"
                                  "vaccination_rate,大连市/西岗区,2022,98\n"
                                  "vaccination_rate,某街道,2022,98\n",
                                  "data.csv", strict);
  BOOST_TEST_REQUIRE(data.has_value());
  expect_at(data->diagnostics, 5, diagnostic_code::unknown_region);
  const auto built = finish(builder);
  const auto& h = built.set.regions();
  const auto xigang = h.find("西岗区");
  BOOST_TEST_REQUIRE(xigang != no_region);
  BOOST_TEST(h.descendants(xigang, ast::region_level::township).size() == 2u);
  BOOST_TEST(h.descendants(h.find("大连市"), ast::region_level::village).size() == 1u);
  BOOST_TEST((h[h.find("某嘎查")].level == ast::region_level::village));
  BOOST_TEST((h[h.find("临河区")].level == ast::region_level::county));
  BOOST_TEST((h[h.find("巴彦淖尔市")].level == ast::region_level::city));
  BOOST_TEST(built.set.series_in(built.set.catalogue().find("vaccination_rate"), xigang).size() == 3u);
}

BOOST_AUTO_TEST_CASE(several_files_into_one_set) {
  measurement_set_builder builder(standard_catalogue());
  const auto national = load_csv(builder, national_csv);
  BOOST_TEST_REQUIRE(national.has_value());
  data_load_options options;
  options.default_region = "全国";
  options.release = "2026-01";
  const auto more = load_csv_text(builder,
                                  "indicator,year,value\n"
                                  "infant_mortality,2025,3.9\n"
                                  "infant_mortality,2024,4.1\n",
                                  "update.csv", options);
  BOOST_TEST_REQUIRE(more.has_value());
  data_load_options dalian;
  dalian.default_region = "大连市";
  BOOST_TEST_REQUIRE(load_csv_text(builder, "指标,年份,值\n婴儿死亡率,2024,2.1\n", "dalian.csv", dalian).has_value());
  const auto built = finish(builder);
  const auto conflicts = with_code(built.report.diagnostics, diagnostic_code::conflicting_duplicate);
  BOOST_TEST_REQUIRE(conflicts.size() == 1u); // 4.1 against the national 4.0 for 2024
  BOOST_TEST(conflicts.back()->location.file == "update.csv");
  BOOST_TEST(conflicts.back()->location.line == 3u);
  BOOST_TEST(conflicts.back()->notes.at(0).find(national_csv + ":52") != std::string::npos);
  const auto infant = built.set.find("infant_mortality", "全国");
  BOOST_TEST(infant.value(2024).value() == 4.0);
  BOOST_TEST(infant.value(2025).value() == 3.9);
  BOOST_TEST(infant.release(2025) == "2026-01");
  BOOST_TEST(infant.source(2025) == "update.csv");
  BOOST_TEST(built.set.find("infant_mortality", "大连市").value(2024).value() == 2.1);
  BOOST_TEST(built.set.regions().size() == 2u);
}

BOOST_AUTO_TEST_CASE(dense_file_memory) {
  // 64 indicators × 50 regions × 11 years, as a long CSV.
  auto cat = std::make_shared<catalogue>();
  for (int i = 0; i < 64; ++i) BOOST_TEST_REQUIRE(cat->add(indicator("ind_" + std::to_string(i), "", "%")));
  std::string text = "indicator,region,year,value\n";
  for (int i = 0; i < 64; ++i)
    for (int r = 0; r < 50; ++r)
      for (int y = 2020; y <= 2030; ++y)
        text += "ind_" + std::to_string(i) + ",reg_" + std::to_string(r) + "," + std::to_string(y) + "," +
                std::to_string(i * 0.5 + r * 0.25 + y % 7) + "\n";
  measurement_set_builder builder(cat);
  const auto report = load_csv_text(builder, text, "dense.csv");
  BOOST_TEST_REQUIRE(report.has_value());
  BOOST_TEST(report->values == 64u * 50u * 11u);
  BOOST_TEST(report->diagnostics.empty());
  const auto built = finish(builder);
  const auto values = built.set.value_count();
  BOOST_TEST(values == 64u * 50u * 11u);
  BOOST_TEST(built.set.memory_bytes() <= values * 8 * 3 / 2, built.set.memory_bytes() << " bytes");
  BOOST_TEST(built.set.find("ind_63", "reg_49").value(2030).value() == 63 * 0.5 + 49 * 0.25 + 2030 % 7);
}

BOOST_AUTO_TEST_CASE(fast_and_general_paths_agree) {
  // Plain lines take a fast path; every other spelling must give the same store.
  auto cat = std::make_shared<catalogue>();
  for (int i = 0; i < 3; ++i) BOOST_TEST_REQUIRE(cat->add(indicator("ind_" + std::to_string(i), "", "%")));
  std::string text = "indicator,region,comment,year,value\n";
  std::vector<std::pair<std::string, double>> expected; // "indicator|region|year" → value
  std::vector<std::uint32_t> bad_lines;
  std::size_t missing = 0;
  for (int i = 0; i < 990; ++i) {
    const std::string ind = "ind_" + std::to_string(i % 3), region = "r" + std::to_string(i / 33);
    const int year = 2000 + i % 33;
    std::string value = std::to_string(i) + ".25";
    double number = i + 0.25;
    std::string end = "\n", comment = "c";
    switch (i % 10) {
    case 1: end = "\r\n"; break;
    case 2: value = "\"" + value + "\""; break;
    case 3: value = "  " + value + " "; break;
    case 4: value = "NA"; break;
    case 5: comment = "\"a, b\""; break;
    case 6: value = std::to_string(i) + "e-2"; number = i / 100.0; break;
    case 7: value = "+" + value; break;
    case 8: value = "0.12345678901234567"; number = 0.12345678901234567; break;
    case 9: value = "x" + value; break;
    }
    text += ind + "," + region + "," + comment + "," + std::to_string(year) + "," + value + end;
    const auto key = ind + "|" + region + "|" + std::to_string(year);
    if (i % 10 == 9) bad_lines.push_back(static_cast<std::uint32_t>(i + 2));
    else if (i % 10 == 4) ++missing;
    else expected.emplace_back(key, number);
  }
  text += "ind_0,r99,c,2001,7.5"; // no line break at the end
  expected.emplace_back("ind_0|r99|2001", 7.5);
  measurement_set_builder builder(cat);
  const auto report = load_csv_text(builder, text, "mixed.csv");
  BOOST_TEST_REQUIRE(report.has_value());
  BOOST_TEST(report->rows == 991u);
  BOOST_TEST(report->missing == missing);
  BOOST_TEST(report->values == expected.size());
  BOOST_TEST_REQUIRE(report->diagnostics.size() == bad_lines.size());
  for (std::size_t k = 0; k < bad_lines.size(); ++k) {
    BOOST_TEST(report->diagnostics[k].location.line == bad_lines[k]);
    BOOST_TEST((report->diagnostics[k].code == diagnostic_code::non_numeric_value));
  }
  const auto built = finish(builder);
  BOOST_TEST(built.set.value_count() == expected.size());
  for (const auto& [key, number] : expected) {
    const auto first = key.find('|'), second = key.rfind('|');
    const auto s = built.set.find(key.substr(0, first), key.substr(first + 1, second - first - 1));
    BOOST_TEST_REQUIRE(static_cast<bool>(s), key);
    BOOST_TEST(s.value(std::stoi(key.substr(second + 1))).value_or(-1) == number, key);
  }
}

BOOST_AUTO_TEST_CASE(diagnostics_are_capped) {
  std::string text = "indicator,year,value\n";
  for (int i = 0; i < 20; ++i) text += "nobody," + std::to_string(2000 + i) + ",1\n";
  text += "infant_mortality,2000,1\ninfant_mortality,2000,2\n";
  data_load_options options;
  options.max_diagnostics = 5;
  options.keep_text = false;
  measurement_set_builder builder(test_catalogue());
  const auto report = load_csv_text(builder, text, "many.csv", options);
  BOOST_TEST_REQUIRE(report.has_value());
  BOOST_TEST(report->bad_rows == 20u);
  BOOST_TEST_REQUIRE(report->diagnostics.size() == 6u);
  BOOST_TEST((report->diagnostics.back().code == diagnostic_code::too_many_errors));
  BOOST_TEST(report->diagnostics.back().message.find("15 more") != std::string::npos);
  const auto built = finish(builder);
  BOOST_TEST_REQUIRE(built.report.diagnostics.size() == 1u);
  BOOST_TEST(built.report.diagnostics[0].location.line == 23u);
  BOOST_TEST(built.report.diagnostics[0].location.line_text.empty()); // the text was not kept
}

BOOST_AUTO_TEST_SUITE_END()
