// Diagnostics: columns in characters, carets under CJK text, and a documented catalogue of codes.
#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace planrules;

BOOST_AUTO_TEST_SUITE(diagnostics)

BOOST_AUTO_TEST_CASE(caret_lines_up_under_chinese_text) {
  const auto r = planrules::testing::check_string("婴儿死亡率_2030 <= 4.5个");
  const auto* d = planrules::testing::find_code(r.diagnostics, diagnostic_code::unit_mismatch);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST(d->location.line == 1u);
  BOOST_TEST(d->location.column == 15u); // characters, not bytes (the byte offset is 24)
  const auto text = render(*d);
  std::istringstream lines(text);
  std::string header, source, caret;
  std::getline(lines, header);
  std::getline(lines, source);
  std::getline(lines, caret);
  BOOST_TEST(header.rfind("test.rules:1:15: error[PR2003]: ", 0) == 0u);
  BOOST_TEST(source == " 1 | 婴儿死亡率_2030 <= 4.5个");
  // 婴儿死亡率 is five wide characters (10 columns), then "_2030 <= " (9): 19 columns of padding,
  // and "4.5个" takes 5 columns.
  BOOST_TEST(caret == "   | " + std::string(19, ' ') + "^~~~~");
}

BOOST_AUTO_TEST_CASE(caret_keeps_tabs) {
  const auto r = planrules::testing::parse_text("\tx_2030 <");
  BOOST_TEST_REQUIRE(!r.diagnostics.empty());
  const auto text = render(r.diagnostics.front());
  BOOST_TEST(text.find("   | \t        ^") != std::string::npos, text); // a tab, then "x_2030 <"
}

BOOST_AUTO_TEST_CASE(full_width_columns_count_characters) {
  const auto r = planrules::testing::parse_text("ｘ＿２０３０ ＜ ２.８ｆｏｏ $");
  const auto* d = planrules::testing::find_code(r.diagnostics, diagnostic_code::unexpected_character);
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST(d->location.column == 17u);
}

BOOST_AUTO_TEST_CASE(codes_are_stable_and_named) {
  BOOST_TEST(code_id(diagnostic_code::invalid_utf8) == "PR1001");
  BOOST_TEST(code_id(diagnostic_code::unit_mismatch) == "PR2003");
  BOOST_TEST(code_name(diagnostic_code::unit_mismatch) == "unit_mismatch");
  diagnostic_code code{};
  BOOST_TEST(diagnostic_code_from_number(2003, code));
  BOOST_TEST((code == diagnostic_code::unit_mismatch));
  BOOST_TEST(!diagnostic_code_from_number(1, code));
}

BOOST_AUTO_TEST_CASE(every_code_is_in_the_documented_catalogue) {
  std::ifstream in(planrules::testing::source_path("docs/error-codes.md"));
  BOOST_TEST_REQUIRE(static_cast<bool>(in));
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto code : all_diagnostic_codes()) {
    const auto row = "| " + code_id(code) + " | `" + std::string(code_name(code)) + "` |";
    BOOST_TEST(doc.find(row) != std::string::npos, "docs/error-codes.md lacks the row for " << code_id(code));
  }
}

BOOST_AUTO_TEST_CASE(json_carries_the_same_codes) {
  const auto r = planrules::testing::check_string("infant_mortality_2030 <= 4.5个");
  const auto json = diagnostics_to_json(r.diagnostics);
  BOOST_TEST(json.find("\"code\": \"PR2003\"") != std::string::npos);
  BOOST_TEST(json.find("\"number\": 2003") != std::string::npos);
  BOOST_TEST(json.find("\"column\": 26") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
