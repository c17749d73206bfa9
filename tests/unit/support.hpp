#ifndef PLANRULES_TESTS_SUPPORT_HPP
#define PLANRULES_TESTS_SUPPORT_HPP

// Small helpers shared by the test suites.

#include <planrules/planrules.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace planrules::testing {

inline std::string source_path(const std::string& relative) { return std::string(PLANRULES_SOURCE_DIR) + "/" + relative; }
inline std::string shared_path(const std::string& relative) { return std::string(PLANRULES_SHARED_DIR) + "/" + relative; }

inline parse_result parse_text(const std::string& text, const parse_options& options = {}) {
  return parse(source_file("test.rules", text), options);
}

/// A header with a period, so rules without a year bind at 2030.
inline const std::string plan_header = "plan test_plan \"测试规划\"\n  period 2021..2030\n  baseline 2020\n";

/// Checks `text` (with the standard catalogue) and returns everything.
inline plan_result check_string(const std::string& text) { return check_text(text, "test.rules"); }

/// The one diagnostic with `code`, failing the test when there is not exactly one.
inline const diagnostic* find_code(const diagnostic_list& list, diagnostic_code code) {
  const diagnostic* found = nullptr;
  for (const auto& d : list)
    if (d.code == code) {
      BOOST_TEST_CONTEXT("diagnostic " << code_id(code) << " reported twice: " << render(list)) {
        BOOST_TEST(found == nullptr);
      }
      found = &d;
    }
  BOOST_TEST_CONTEXT("expected " << code_id(code) << " in:\n" << render(list)) { BOOST_TEST(found != nullptr); }
  return found;
}

/// An indicator for a test catalogue; `unit` must parse.
inline indicator_info indicator(std::string id, std::string name, std::string_view unit,
                                std::vector<std::string> aliases = {}) {
  indicator_info info;
  info.id = std::move(id);
  info.name = std::move(name);
  info.aliases = std::move(aliases);
  info.unit = parse_unit(unit).value();
  return info;
}

/// A malformed input and the diagnostic expected for it at line:column (characters),
/// for data-driven test cases.
struct expected_diagnostic {
  const char* name;
  std::string text;
  diagnostic_code code;
  std::uint32_t line;
  std::uint32_t column;
};

inline std::ostream& operator<<(std::ostream& out, const expected_diagnostic& e) { return out << e.name; }

} // namespace planrules::testing

#endif
