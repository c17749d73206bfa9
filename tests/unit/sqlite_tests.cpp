// SQLite loading: a database written here through libsqlite3, read back by table and by query.
#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <planrules/planrules.hpp>

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>

using namespace planrules;

namespace {

using planrules::testing::indicator;

std::shared_ptr<const catalogue> test_catalogue() {
  auto cat = std::make_shared<catalogue>();
  BOOST_TEST_REQUIRE(cat->add(indicator("infant_mortality", "婴儿死亡率", "‰")));
  BOOST_TEST_REQUIRE(cat->add(indicator("vaccination_rate", "适龄儿童免疫规划疫苗接种率", "%")));
  return cat;
}

// A database file that is removed again at the end of the test.
struct database {
  std::string path;
  database() {
    path = (std::filesystem::temp_directory_path() /
            ("planrules_sqlite_test_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".db"))
               .string();
    std::filesystem::remove(path);
    sqlite3* db = nullptr;
    BOOST_TEST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, R"sql(
      CREATE TABLE measurements(indicator TEXT, region TEXT, year INTEGER, value REAL, unit TEXT, qualifier TEXT, source TEXT);
      INSERT INTO measurements VALUES ('infant_mortality', '全国', 2020, 5.4, '‰', NULL, 'NBS 2021');
      INSERT INTO measurements VALUES ('婴儿死亡率', '全国', 2021, 5.0, NULL, NULL, 'NBS 2022');
      INSERT INTO measurements VALUES ('infant_mortality', '全国', 2022, NULL, NULL, NULL, NULL);
      INSERT INTO measurements VALUES ('infant_mortality', '全国', '2023', '4.5', '', '', NULL);
      INSERT INTO measurements VALUES ('infant_mortality', '全国', 2024, 'abc', NULL, NULL, NULL);
      INSERT INTO measurements VALUES ('child_happiness', '全国', 2021, 1, NULL, NULL, NULL);
      INSERT INTO measurements VALUES ('vaccination_rate', '全国', 2022, 90, '%', 'lower_bound', 'NBS');
      INSERT INTO measurements VALUES ('infant_mortality', '大连市', 2025, 0.3, '%', NULL, NULL);
      INSERT INTO measurements VALUES ('infant_mortality', '全国', 2026.5, 1, NULL, NULL, NULL);
      INSERT INTO measurements VALUES ('infant_mortality', '全国', 2027, 9e999, NULL, NULL, NULL);
      CREATE TABLE wide(indicator TEXT, region TEXT, "2020" REAL, "2021" REAL, "2022" TEXT);
      INSERT INTO wide VALUES ('vaccination_rate', '甲区', 95.5, NULL, '96');
      INSERT INTO wide VALUES ('vaccination_rate', '乙区', 97, 98, 'NA');
    )sql",
                                nullptr, nullptr, &message);
    BOOST_TEST_REQUIRE(rc == SQLITE_OK, (message ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
  }
  ~database() { std::filesystem::remove(path); }
};

void expect_at(const diagnostic_list& list, std::uint32_t line, diagnostic_code code) {
  std::size_t found = 0;
  for (const auto& d : list)
    if (d.location.line == line) {
      ++found;
      BOOST_TEST(code_id(d.code) == code_id(code));
    }
  BOOST_TEST(found == 1u, "line " << line << " in:\n" << render(list));
}

} // namespace

BOOST_AUTO_TEST_SUITE(sqlite)

BOOST_AUTO_TEST_CASE(table_in_long_layout) {
  database db;
  measurement_set_builder builder(test_catalogue());
  const auto report = load_sqlite_table(builder, db.path, "measurements");
  BOOST_TEST_REQUIRE(report.has_value(), (report ? "" : report.error().message));
  BOOST_TEST(report->layout == "long");
  BOOST_TEST(report->rows == 10u);
  BOOST_TEST(report->values == 5u);
  BOOST_TEST(report->missing == 1u);
  BOOST_TEST(report->bad_rows == 4u, render(report->diagnostics));
  const auto& d = report->diagnostics;
  expect_at(d, 5, diagnostic_code::non_numeric_value);
  expect_at(d, 6, diagnostic_code::unknown_indicator_in_data);
  expect_at(d, 9, diagnostic_code::invalid_year_in_data);
  expect_at(d, 10, diagnostic_code::non_finite_value);
  for (const auto& diag : d) BOOST_TEST(diag.location.file == db.path + "#measurements");
  // Rows from a database are shown as their cells joined by commas, with a caret under the cell.
  const auto& bad = d.front();
  BOOST_TEST(bad.location.line_text == "infant_mortality,全国,2024,abc,,,");
  BOOST_TEST(bad.location.column == 26u);

  const auto built = builder.finish();
  BOOST_TEST_REQUIRE(built.has_value());
  const auto& set = built->set;
  const auto infant = set.find("infant_mortality", "全国");
  BOOST_TEST(infant.value(2020).value() == 5.4);
  BOOST_TEST(infant.value(2021).value() == 5.0);
  BOOST_TEST(!infant.has(2022));
  BOOST_TEST(infant.value(2023).value() == 4.5);
  BOOST_TEST(infant.source(2020) == "NBS 2021");
  BOOST_TEST(infant.source(2023) == db.path + "#measurements");
  BOOST_TEST((set.find("vaccination_rate", "全国").qualifier(2022) == value_qualifier::lower_bound));
  BOOST_TEST(set.find("infant_mortality", "大连市").value(2025).value() == 3.0);
}

BOOST_AUTO_TEST_CASE(wide_table_and_query) {
  database db;
  measurement_set_builder builder(test_catalogue());
  const auto wide = load_sqlite_table(builder, db.path, "wide");
  BOOST_TEST_REQUIRE(wide.has_value());
  BOOST_TEST(wide->layout == "wide_years");
  BOOST_TEST(wide->values == 4u);
  BOOST_TEST(wide->missing == 2u);
  const auto query = load_sqlite_query(builder, db.path,
                                       "SELECT indicator, region, year, value FROM measurements "
                                       "WHERE year < 2022 AND indicator <> 'child_happiness';");
  BOOST_TEST_REQUIRE(query.has_value());
  BOOST_TEST(query->values == 2u);
  BOOST_TEST(query->diagnostics.empty(), render(query->diagnostics));
  const auto built = builder.finish();
  BOOST_TEST_REQUIRE(built.has_value());
  const auto jia = built->set.find("vaccination_rate", "甲区");
  BOOST_TEST(jia.value(2020).value() == 95.5);
  BOOST_TEST(!jia.has(2021));
  BOOST_TEST(jia.value(2022).value() == 96);
  BOOST_TEST(built->set.find("vaccination_rate", "乙区").value(2021).value() == 98);
  BOOST_TEST(built->set.find("infant_mortality", "全国").present_count() == 2u);

  // The convenience form builds the set at once.
  const auto loaded = load_sqlite_table(db.path, "wide", *test_catalogue());
  BOOST_TEST_REQUIRE(loaded.has_value());
  BOOST_TEST(loaded->set.value_count() == 4u);
}

BOOST_AUTO_TEST_CASE(database_failures) {
  database db;
  measurement_set_builder builder(test_catalogue());
  const auto missing_table = load_sqlite_table(builder, db.path, "nothing");
  BOOST_TEST_REQUIRE(!missing_table.has_value());
  BOOST_TEST((missing_table.error().code == errc::not_found));
  BOOST_TEST((missing_table.error().diagnostics.at(0).code == diagnostic_code::database_error));

  const auto writes = load_sqlite_query(builder, db.path, "DELETE FROM measurements");
  BOOST_TEST_REQUIRE(!writes.has_value());
  BOOST_TEST((writes.error().code == errc::invalid_argument));
  const auto two = load_sqlite_query(builder, db.path, "SELECT 1; SELECT 2");
  BOOST_TEST(!two.has_value());
  const auto syntax = load_sqlite_query(builder, db.path, "SELEKT *");
  BOOST_TEST(!syntax.has_value());

  const auto no_file = load_sqlite_table(builder, db.path + ".missing", "measurements");
  BOOST_TEST_REQUIRE(!no_file.has_value());
  BOOST_TEST((no_file.error().code == errc::io_error));
  BOOST_TEST(!std::filesystem::exists(db.path + ".missing")); // read-only: nothing created

  data_load_options strict;
  strict.bad_rows_fatal = true;
  const auto fatal = load_sqlite_table(builder, db.path, "measurements", strict);
  BOOST_TEST_REQUIRE(!fatal.has_value());
  BOOST_TEST(fatal.error().diagnostics.size() == 4u);
  BOOST_TEST(builder.pending() == 0u);

  // The table is still intact after the DELETE attempt.
  const auto again = load_sqlite_table(builder, db.path, "measurements");
  BOOST_TEST_REQUIRE(again.has_value());
  BOOST_TEST(again->rows == 10u);
}

BOOST_AUTO_TEST_SUITE_END()
